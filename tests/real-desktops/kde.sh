#!/usr/bin/env bash
# KDE Plasma 5.27: real KWin (--virtual, Wayland) and plasmashell's notification server.
# A hand (the kwin-hand example, through org_kde_kwin_fake_input) moves and clicks; buttons
# are found by name through the accessibility tree. Proves: soleus picks ext-idle-notify-v1
# (doctor says so) and never KWin's unsupported D-Bus idle time; idle then input gives
# "back after ... idle"; the reminder shows with all its buttons and a click on one records
# the outcome, and its close button is a snooze; do-not-disturb turned on with Plasma's
# Inhibit holds a due reminder and gives exactly one catch-up when UnInhibit ends it;
# org.freedesktop.ScreenSaver.Lock shows as presence locked.
source "$(dirname "$0")/common.sh"

# Built by run.sh; a no-op here then.
cargo build --locked --quiet --example kwin-hand || die "cannot build the kwin-hand example"
kwin_hand="$(realpath "${CARGO_TARGET_DIR:-target}")/debug/examples/kwin-hand"
real_buses org.a11y.Bus || die "no buses"
export XDG_CURRENT_DESKTOP=KDE XDG_SESSION_TYPE=wayland KDE_FULL_SESSION=true KDE_SESSION_VERSION=5 \
  WAYLAND_DISPLAY=wayland-soleus QT_QPA_PLATFORM=wayland QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1
# KWin's ScreenShot2 answers only callers a .desktop file authorises by executable, looked
# up in KDE's service cache (kbuildsycoca5). The caller is the system python (with
# python3-gi), not whatever python3 comes first on PATH.
mkdir -p "$XDG_DATA_HOME/applications"
cat >"$XDG_DATA_HOME/applications/soleus-test-screenshot.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=soleus test screenshots
Exec=$(realpath /usr/bin/python3)
X-KDE-DBUS-Restricted-Interfaces=org.kde.KWin.ScreenShot2
DESKTOP
kbuildsycoca5 --noincremental >"$work/sycoca.log" 2>&1 || die "kbuildsycoca5 failed"
# /usr/bin/kwin_wayland carries a file capability (cap_sys_resource) that containers often
# lack in their bounding set, and exec fails; a copy has none and runs the same.
cp /usr/bin/kwin_wayland "$work/kwin_wayland"
KWIN_WAYLAND_NO_PERMISSION_CHECKS=1 "$work/kwin_wayland" --virtual --socket "$WAYLAND_DISPLAY" \
  --width 1280 --height 800 >"$work/kwin.log" 2>&1 &
pids+=($!)
wait_for 30 test -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" || die "kwin did not start"
wait_for 30 has_name org.kde.screensaver || die "kwin's screensaver did not come"
/usr/lib/x86_64-linux-gnu/libexec/kactivitymanagerd >"$work/kactivitymanagerd.log" 2>&1 &
pids+=($!)
plasmashell --no-respawn >"$work/plasmashell.log" 2>&1 &
pids+=($!)
wait_for 60 has_name org.freedesktop.Notifications || die "plasmashell serves no notifications"

coproc HAND { "$kwin_hand" 2>"$work/hand.log"; }
pids+=($HAND_PID)
hand() { # as in gnome.sh: the answer in $answer, never in a pipeline
  echo "$*" >&"${HAND[1]}"
  IFS= read -r -t 20 answer <&"${HAND[0]}" || { echo "hand: no answer to $*" >&2; return 1; }
  [[ $answer == ok* ]]
}
IFS= read -r -t 20 first <&"${HAND[0]}"; [ "$first" = ready ] || die "the hand did not start: $(cat "$work/hand.log")"
tree() { gjs tests/real-desktops/tree.js plasmashell "$@"; }
# On a refusal, the cache is built again: KWin reloads it when it changes.
kwin_shot() {
  /usr/bin/python3 tests/real-desktops/kwin-shot.py "$work/shot.raw" >"$work/shot.info" 2>>"$work/shot.log" && return 0
  kbuildsycoca5 >>"$work/sycoca.log" 2>&1
  return 1
}
screenshot() { # screenshot FILE: the whole workspace, through KWin
  rm -f "$artifacts/$1"
  # KWin can refuse a request as not authorised when its view of the service cache is
  # stale (seen after plasmashell starts).
  wait_for 15 kwin_shot || return 1
  local w h
  read -r w h <"$work/shot.info"
  convert -size "${w}x${h}" -depth 8 "bgra:$work/shot.raw" "$artifacts/$1" &&
    echo "screenshot: $artifacts/$1 (after $(grep -c NoAuthorized "$work/shot.log" 2>/dev/null) refusals)"
}

soleus_config 2s 3s 8s
# Room for every answer in one day: a skip and a set each count as one of the day's.
sed -i 's/^\[schedule\]$/[schedule]\nsets_per_day = 6/' "$XDG_CONFIG_HOME/soleus/config.toml"
start_soleus || die "soleus did not start"
"$soleus" doctor >"$work/doctor.txt" 2>&1
check "doctor finds Plasma's notification server" grep -q "^OK   notifications: Plasma .*actions yes" "$work/doctor.txt"
check "doctor chose ext-idle-notify-v1" grep -q "^OK   idle source: wayland .*ext-idle-notify-v1" "$work/doctor.txt"
check "doctor never tried KDE's D-Bus idle time" grep -vq "GetSessionIdleTime" "$work/doctor.txt"
# What the KDE test service in tests/support/services.rs answers as Plasma Wayland.
gdbus call --session --dest org.freedesktop.ScreenSaver --object-path /ScreenSaver \
  --method org.freedesktop.ScreenSaver.GetSessionIdleTime >"$work/idle-call.txt" 2>&1
check "KWin answers GetSessionIdleTime with NotSupported, as the test service does" \
  grep -q "org.freedesktop.DBus.Error.NotSupported: GetSessionIdleTime is not supported on this platform" "$work/idle-call.txt"
keep_active() { hand move 1 0 && hand move -1 0; }
reminder_up() { tree labels | grep -q "Time for soleus pushups" || { keep_active; return 1; }; }
check "a reminder appears" wait_for 30 reminder_up
tree labels >"$work/labels.txt"
check "it offers all four buttons" grep -q "Start guided set" "$work/labels.txt"
grep -q "Snooze 3s" "$work/labels.txt" && grep -q "Done" "$work/labels.txt" && grep -q "Skip" "$work/labels.txt"
check "with Snooze, Done and Skip" test $? -eq 0
screenshot kde-reminder.png
check "the screenshot was saved" test -s "$artifacts/kde-reminder.png"

click() { # click BUTTON: the pointer onto the middle of the button named BUTTON, a click
  local x y w h
  wait_for 5 tree find "$1" >/dev/null || return 1
  read -r x y w h < <(tree find "$1") || return 1
  hand to $((x + w / 2)) $((y + h / 2)) && hand click
}
check "Snooze clicked" click "Snooze 3s"
check "history records the snooze" wait_for 5 history_has '"event":"snoozed"'
check "status says snoozed" state_is snoozed
popup_gone() { ! tree labels | grep -q "Time for soleus pushups"; }
check "the snoozed reminder leaves the screen" wait_for 10 popup_gone
check "the reminder comes back" wait_for 30 reminder_up
check "Done clicked" click "Done"
check "history records the set" wait_for 5 history_has '"type":"set"'

# Closing the reminder with its close button on the real popup: a snooze while snoozes
# remain (README, "closing a reminder").
check "the next reminder appears" wait_for 30 reminder_up
tree dump >"$work/tree-popup.txt" 2>&1
snoozes=$(history_count '"event":"snoozed"')
more_snoozes() { [ "$(history_count '"event":"snoozed"')" -gt "$snoozes" ]; }
check "its close button clicked" click "Close"
check "is a snooze in history" wait_for 5 more_snoozes
check "status says snoozed" state_is snoozed
check "the reminder comes back" wait_for 30 reminder_up
"$soleus" skip >/dev/null || check "soleus skip answers it" false

# Do-not-disturb through Plasma's real notification server: Inhibit, as an application
# (a presentation) turns it on; Plasma then says Inhibited. A reminder falling due is held,
# and exactly one catch-up reminder comes when it ends.
coproc DND { /usr/bin/python3 tests/real-desktops/inhibit.py 2>"$work/inhibit.log"; }
pids+=($DND_PID)
dnd() {
  echo "$1" >&"${DND[1]}"
  IFS= read -r -t 10 answer <&"${DND[0]}" && [[ $answer == ok* ]] || { echo "inhibit: $1: $answer" >&2; return 1; }
}
IFS= read -r -t 20 first <&"${DND[0]}"; [ "$first" = ready ] || die "inhibit.py did not start: $(cat "$work/inhibit.log")"
inhibited() {
  gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Notifications Inhibited 2>/dev/null | grep -q "$1"
}
dnd_on() { dnd inhibit && wait_for 5 inhibited true; }
dnd_off() { dnd uninhibit && wait_for 5 inhibited false; }
reminder_shown() { tree labels | grep -q "Time for soleus pushups"; }
snap() { screenshot "$1"; }
check "Inhibit turns Plasma's do-not-disturb on: Inhibited" dnd_on
dnd_hold "kde (org.freedesktop.Notifications.Inhibited on org.freedesktop.Notifications, PropertiesChanged" kde-dnd-catch-up.png
"$soleus" skip >/dev/null || check "soleus skip answers it" false

# Idle then input, through ext-idle-notify-v1: away, then back after a break (8 s). KWin
# has no way to ask how long input has stopped (its D-Bus idle time is NotSupported), so
# the test waits out the break itself.
check "no input for a while is away" wait_for 15 state_has '"presence": "idle"'
sleep 8
hand move 5 5
check "input again is back" wait_for 5 state_has '"presence": "active"'
check "the daemon logged the return" wait_for 5 grep -q "back after .* idle" "$work/daemon.log"

# A real lock: org.freedesktop.ScreenSaver.Lock, as KDE's lock shortcut does.
gdbus call --session --dest org.freedesktop.ScreenSaver --object-path /ScreenSaver \
  --method org.freedesktop.ScreenSaver.Lock >/dev/null 2>&1
check "the lock shows as presence locked" wait_for 15 state_has '"presence": "locked"'
finish
