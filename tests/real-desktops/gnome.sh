#!/usr/bin/env bash
# GNOME Shell 43 headless (Wayland, virtual monitor), its real notification server (gjs,
# activated) and its real org.gnome.Mutter.IdleMonitor. A hand (gnome-hand.js) moves the
# pointer and clicks through Mutter's RemoteDesktop, finds buttons by name through the
# accessibility tree and takes screenshots through org.gnome.Shell.Screenshot. Proves: the
# reminder banner shows three buttons; each one, clicked, records its outcome (snooze, done,
# skip); a click on the banner body starts the guided set; a reminder moved into the
# message list starts the set from there too; idle then input gives "back after ... idle".
# Screenshots of the banner and the message list.
source "$(dirname "$0")/common.sh"

real_buses org.gnome.Shell.Notifications org.a11y.Bus ca.desrt.dconf || die "no buses"
export XDG_CURRENT_DESKTOP=GNOME XDG_SESSION_TYPE=wayland
mkdir -p "$XDG_DATA_HOME/gnome-shell" && touch "$XDG_DATA_HOME/gnome-shell/lock-warning-shown"
gnome-shell --headless --wayland --no-x11 --virtual-monitor 1280x800 >"$work/shell.log" 2>&1 &
pids+=($!)
wait_for 30 has_name org.gnome.Mutter.IdleMonitor || die "gnome-shell did not start"
wait_for 10 grep -q "Using Wayland display name" "$work/shell.log"
export WAYLAND_DISPLAY=$(sed -n "s/.*Using Wayland display name '\([^']*\)'.*/\1/p" "$work/shell.log" | head -n1)
: "${WAYLAND_DISPLAY:=wayland-0}"
wait_for 10 has_name org.gnome.Shell.Screenshot || die "no screenshot service"

# The hand: one long-lived process (the RemoteDesktop session lives with its connection).
wait_for 60 grep -q "GNOME Shell started" "$work/shell.log" || die "gnome-shell did not finish starting"
wait_for 10 has_name org.gnome.Mutter.RemoteDesktop || die "no RemoteDesktop"
coproc HAND { gjs tests/real-desktops/gnome-hand.js 2>"$work/hand.log"; }
pids+=($HAND_PID)
# hand COMMAND...: the answer goes to $answer (not to stdout: the coprocess's pipes are
# not open in subshells, so a hand is never used in a pipeline); fails on "err".
hand() {
  echo "$*" >&"${HAND[1]}"
  IFS= read -r -t 20 answer <&"${HAND[0]}" || { echo "hand: no answer to $*" >&2; return 1; }
  [[ $answer == ok* ]]
}
IFS= read -r -t 20 first <&"${HAND[0]}"; [ "$first" = ready ] || die "the hand did not start: $(cat "$work/hand.log")"
hand escape # out of the Overview
shot() { rm -f "$artifacts/$1"; hand shot "$artifacts/$1" && echo "screenshot: $artifacts/$1"; }

soleus_config 2s 3s 8s
# Room for every answer in one day: a skip and a set each count as one of the day's.
sed -i 's/^\[schedule\]$/[schedule]\nsets_per_day = 6/' "$XDG_CONFIG_HOME/soleus/config.toml"
start_soleus || die "soleus did not start"
"$soleus" doctor >"$work/doctor.txt" 2>&1
check "doctor finds gnome-shell's notification server" grep -q "^OK   notifications: gnome-shell 43" "$work/doctor.txt"
check "doctor chose Mutter's idle monitor" grep -q "^OK   idle source: gnome " "$work/doctor.txt"

keep_active() { hand move 1 0 && hand move -1 0; }
banner() { hand labels && [[ $answer == *"Time for soleus pushups"* ]]; }
# Waits for the banner, keeping the user active meanwhile (reminders come only to someone
# there), then stops moving: GNOME hides a banner after about 4 s of activity.
wait_banner() { wait_for "$1" sh_banner || { echo "on screen: ${answer:0:400}" >&2; return 1; }; }
sh_banner() { banner || { keep_active; return 1; }; }

check "a reminder banner appears" wait_banner 20
check "status says reminding" state_is reminding
# Hovering the banner shows its buttons: exactly three, start being the body click.
hand point "Time for soleus pushups"
wait_for 3 hand find "Skip"
hand labels; shown=$answer
check "the banner shows Snooze 3s, Done and Skip" grep -q "Snooze 3s;.*Done;.*Skip" <<<"$shown"
check "and no Start button" grep -vq "Start guided set" <<<"$shown"
check "no fourth button is dropped: start is the body's click" grep -q "Click here to start a guided set" <<<"$shown"
shot gnome-reminder.png
check "the screenshot was saved" test -s "$artifacts/gnome-reminder.png"

click() { # click BUTTON: hover the banner, then the button, then click
  hand point "Time for soleus pushups" || return 1
  wait_for 3 hand find "$1" || return 1
  hand point "$1" && hand click
}
check "Snooze clicked" click "Snooze 3s"
check "history records the snooze" wait_for 5 history_has '"event":"snoozed"'
check "status says snoozed" state_is snoozed
check "the reminder comes back after the snooze" wait_banner 20
check "Done clicked" click "Done"
check "history records done and the set" wait_for 5 history_has '"type":"set"'
check "the next reminder comes" wait_banner 20
check "Skip clicked" click "Skip"
check "history records the skip" wait_for 5 history_has '"event":"skipped"'
check "the next reminder comes" wait_banner 20
check "a click on the banner body" eval 'hand point "You have been sitting" && hand click'
check "status says in_set" wait_for 5 state_is in_set
"$soleus" skip >/dev/null

# A reminder left alone while the user works moves into the message list after a few
# seconds of activity; it stays answerable there.
check "the next reminder comes" wait_banner 20
gone() { keep_active; ! banner; }
check "the banner moves away while the user works" wait_for 20 gone
check "status still says reminding" state_is reminding
hand tray
list_has() { hand labels && [[ $answer == *"Time for soleus pushups"* ]]; }
check "the message list holds the reminder" wait_for 5 list_has
shot gnome-message-list.png
# GNOME 43 draws no buttons in the list, only the close button: a click on the body
# starts the set there, the close snoozes (README, "The daemon").
check "a click on it in the list" eval 'hand point "You have been sitting" && hand click'
check "starts the guided set" wait_for 5 state_is in_set
"$soleus" skip >/dev/null

# Idle then input: Mutter's idle monitor says away; once it counts more than
# break_after_idle (8 s) without input, input again is a return from a break.
idle_over() {
  local ms
  ms=$(gdbus call --session --dest org.gnome.Mutter.IdleMonitor --object-path /org/gnome/Mutter/IdleMonitor/Core \
    --method org.gnome.Mutter.IdleMonitor.GetIdletime 2>/dev/null | tr -dc '0-9 ' | awk '{print $NF}')
  [ "${ms:-0}" -gt "$1" ]
}
check "no input for a while is away" wait_for 15 state_has '"presence": "idle"'
check "Mutter counts 9 s without input" wait_for 20 idle_over 9000
hand move 5 5
check "input again is back" wait_for 5 state_has '"presence": "active"'
check "the daemon logged the return" wait_for 5 grep -q "back after .* idle" "$work/daemon.log"
finish
