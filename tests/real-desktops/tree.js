// The accessibility tree (AT-SPI) of a running application, as a test reads it: buttons
// found by name with their place on screen, and the text on screen. A library for
// gnome-hand.js, and on its own a command:
//   gjs tree.js APP find NAME     prints "X Y W H" of what find() finds, or fails
//   gjs tree.js APP closer NAME   prints "X Y W H" of the close button of NAME's message
//   gjs tree.js APP labels        prints every label and button name on screen, ";"-separated
//   gjs tree.js APP dump          prints role, name and place of everything on screen
imports.gi.versions.Atspi = '2.0';
var Atspi = imports.gi.Atspi;
Atspi.init();

// Visits what is on screen: nodes SHOWING with a size (not the closed message list's
// copy of a notification). Containers are walked through either way.
function walk(node, visit, depth = 0) {
    if (!node || depth > 40) return;
    if (onScreen(node)) visit(node);
    const n = node.get_child_count();
    for (let i = 0; i < n; i++) walk(node.get_child_at_index(i), visit, depth + 1);
}
function app(name) {
    const desktop = Atspi.get_desktop(0);
    for (let i = 0; i < desktop.get_child_count(); i++) {
        const a = desktop.get_child_at_index(i);
        if (a && a.get_name() === name) return a;
    }
    return null;
}
function onScreen(node) {
    if (!node.get_state_set().contains(Atspi.StateType.SHOWING)) return false;
    const e = node.get_extents(Atspi.CoordType.SCREEN);
    return e.width > 0 && e.height > 0 && e.x >= 0 && e.y >= 0;
}

// A push button named `name`, or else any node whose name starts with it (a label).
function find(appName, name) {
    let found = null, loose = null;
    walk(app(appName), n => {
        const own = n.get_name() || '';
        if (!found && n.get_role_name() === 'push button' && own === name) found = n;
        if (!loose && own.startsWith(name)) loose = n;
    });
    found = found || loose;
    if (!found) return null;
    const e = found.get_extents(Atspi.CoordType.SCREEN);
    return [e.x, e.y, e.width, e.height];
}
// The close button (an unnamed push button: GNOME's ×) of the message or banner whose
// text starts with `name`: the nearest one among the text's ancestors.
function closer(appName, name) {
    let text = null;
    walk(app(appName), n => {
        if (!text && (n.get_name() || '').startsWith(name)) text = n;
    });
    for (let up = text && text.get_parent(), i = 0; up && i < 4; up = up.get_parent(), i++) {
        let button = null;
        walk(up, n => {
            if (!button && n.get_role_name() === 'push button' && !n.get_name()) button = n;
        });
        if (button) {
            const e = button.get_extents(Atspi.CoordType.SCREEN);
            return [e.x, e.y, e.width, e.height];
        }
    }
    return null;
}
function labels(appName) {
    const out = [];
    walk(app(appName), n => {
        const role = n.get_role_name();
        if ((role === 'label' || role === 'push button') && n.get_name()) out.push(n.get_name());
    });
    return out.join(';').replace(/\s*\n\s*/g, ' ');
}


if (typeof ARGV !== 'undefined' && ARGV.length >= 2) {
    const [appName, cmd, ...rest] = ARGV;
    if (cmd === 'find') {
        const e = find(appName, rest.join(' '));
        if (!e) imports.system.exit(1);
        print(e.join(' '));
    } else if (cmd === 'closer') {
        const e = closer(appName, rest.join(' '));
        if (!e) imports.system.exit(1);
        print(e.join(' '));
    } else if (cmd === 'labels') {
        print(labels(appName));
    } else if (cmd === 'dump') {
        walk(app(appName), n => {
            const e = n.get_extents(Atspi.CoordType.SCREEN);
            print(`${n.get_role_name()}\t${n.get_name()}\t${e.x} ${e.y} ${e.width} ${e.height}`);
        });
    } else {
        imports.system.exit(2);
    }
}
