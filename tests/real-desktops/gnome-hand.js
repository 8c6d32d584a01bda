// A user's hand on headless GNOME Shell, driven line by line on stdin, one answer line per
// command on stdout ("ok ..." or "err ..."):
//   escape                 press Escape (leaves the Overview the shell starts in)
//   tray                   press Super+V (opens the message list)
//   move DX DY             pointer motion, relative (virtual motion is not accelerated)
//   corner                 pointer to the bottom-right corner
//   click                  left button down and up
//   find NAME              "ok X Y W H" of a gnome-shell push button named NAME, or of
//                          anything whose name starts with NAME (AT-SPI)
//   point NAME             the pointer onto the middle of what `find` finds
//   pointclose NAME        the pointer onto the close button (×) of NAME's message
//   labels                 every label and button name gnome-shell shows, ";"-separated
//   shot FILE              a screenshot through org.gnome.Shell.Screenshot
// Input goes through org.gnome.Mutter.RemoteDesktop, whose session lives as long as this
// process's bus connection; screenshots need a name on the shell's allow list, so this
// process owns org.gnome.Screenshot.
const { Gio, GLib } = imports.gi;
imports.searchPath.unshift(GLib.path_get_dirname(imports.system.programInvocationName));
const Tree = imports.tree;
const bus = Gio.DBus.session;
const call = (dest, path, iface, method, args, type) => bus.call_sync(dest, path, iface,
    method, args, type ? new GLib.VariantType(type) : null, Gio.DBusCallFlags.NONE, 30000, null);

Gio.bus_own_name_on_connection(bus, 'org.gnome.Screenshot', 0, null, null);
const [sessionPath] = call('org.gnome.Mutter.RemoteDesktop', '/org/gnome/Mutter/RemoteDesktop',
    'org.gnome.Mutter.RemoteDesktop', 'CreateSession', null, '(o)').deepUnpack();
const rd = (method, args) => call('org.gnome.Mutter.RemoteDesktop', sessionPath,
    'org.gnome.Mutter.RemoteDesktop.Session', method, args, null);
rd('Start', null);

const key = code => {
    rd('NotifyKeyboardKeycode', new GLib.Variant('(ub)', [code, true]));
    rd('NotifyKeyboardKeycode', new GLib.Variant('(ub)', [code, false]));
};
const move = (dx, dy) => rd('NotifyPointerMotionRelative', new GLib.Variant('(dd)', [dx, dy]));
let pointer = null; // where the pointer is, once it has been to the corner
const corner = () => {
    for (let i = 0; i < 10; i++) move(1000, 1000);
    pointer = [1279, 799];
};

const stdin = new Gio.DataInputStream({ base_stream: new Gio.UnixInputStream({ fd: 0 }) });
const say = line => print(line);
say('ready');
for (;;) {
    const [line] = stdin.read_line_utf8(null);
    if (line === null) break;
    const [cmd, ...rest] = line.trim().split(' ');
    const arg = rest.join(' ');
    try {
        if (cmd === 'escape') { key(1); say('ok'); }
        else if (cmd === 'tray') {
            rd('NotifyKeyboardKeycode', new GLib.Variant('(ub)', [125, true]));
            key(47);
            rd('NotifyKeyboardKeycode', new GLib.Variant('(ub)', [125, false]));
            say('ok');
        }
        else if (cmd === 'move') {
            move(Number(rest[0]), Number(rest[1]));
            if (pointer) pointer = [pointer[0] + Number(rest[0]), pointer[1] + Number(rest[1])];
            say('ok');
        }
        else if (cmd === 'corner') { corner(); say('ok'); }
        else if (cmd === 'click') {
            rd('NotifyPointerButton', new GLib.Variant('(ib)', [272, true]));
            rd('NotifyPointerButton', new GLib.Variant('(ib)', [272, false]));
            say('ok');
        } else if (cmd === 'find') {
            const e = Tree.find('gnome-shell', arg);
            say(e ? `ok ${e.join(' ')}` : 'err not found');
        } else if (cmd === 'point' || cmd === 'pointclose') {
            const e = cmd === 'point' ? Tree.find('gnome-shell', arg) : Tree.closer('gnome-shell', arg);
            if (!e) { say('err not found'); continue; }
            if (!pointer) corner();
            const [x, y] = [Math.round(e[0] + e[2] / 2), Math.round(e[1] + e[3] / 2)];
            move(x - pointer[0], y - pointer[1]);
            pointer = [x, y];
            say(`ok ${x} ${y}`);
        } else if (cmd === 'labels') { say(`ok ${Tree.labels('gnome-shell')}`); }
        else if (cmd === 'shot') {
            const [ok] = call('org.gnome.Shell.Screenshot', '/org/gnome/Shell/Screenshot',
                'org.gnome.Shell.Screenshot', 'Screenshot',
                new GLib.Variant('(bbs)', [false, false, arg]), '(bs)').deepUnpack();
            say(ok ? 'ok' : 'err screenshot refused');
        } else say(`err unknown command ${cmd}`);
    } catch (e) {
        say(`err ${String(e).replace(/\n/g, ' ')}`);
    }
}
