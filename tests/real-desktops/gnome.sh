#!/usr/bin/env bash
# GNOME Shell 43 headless (Wayland, virtual monitor), its real notification server (gjs,
# activated), its real org.gnome.Mutter.IdleMonitor and its dconf-service. A hand
# (gnome-hand.js) moves the pointer, clicks and types through Mutter's RemoteDesktop, finds
# buttons by name through the accessibility tree and takes screenshots through
# org.gnome.Shell.Screenshot. Proves: the reminder banner shows three buttons (Start guided
# set, Snooze, Done); each, clicked, records its outcome; a click on the banner body brings
# it back with Start, Done and Skip, and Skip there records a skip; a reminder moved into
# the message list, clicked there, comes back as a banner with every answer once the list
# closes, and Done there records the set; its x, in the list and on the banner, is a snooze
# while snoozes remain, then a skip; GNOME's do-not-disturb (show-banners, set with
# gsettings) holds a due reminder and gives exactly one catch-up when it ends; idle then
# input gives "back after ... idle". Screenshots of each banner and the message list.
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
# Hovering the banner shows its buttons: exactly three (GNOME draws no more).
hand point "Time for soleus pushups"
wait_for 3 hand find "Done"
hand labels; shown=$answer
check "the banner shows Start guided set, Snooze 3s and Done" grep -q "Start guided set;.*Snooze 3s;.*Done" <<<"$shown"
check "and no Skip button: that comes with a body click" grep -vq ";Skip" <<<"$shown"
check "its last line says so" grep -q "To skip it, click here." <<<"$shown"
shot gnome-reminder.png
gjs tests/real-desktops/tree.js gnome-shell dump >"$work/tree-banner.txt" 2>&1
check "the screenshot was saved" test -s "$artifacts/gnome-reminder.png"

click() { # click BUTTON: the pointer off the banner and onto it (GNOME expands a banner
  # when the pointer enters it), then onto the button, then a click
  hand move 0 300 && hand point "Time for soleus pushups" || return 1
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
check "Start guided set clicked" click "Start guided set"
check "status says in_set" wait_for 5 state_is in_set
"$soleus" skip >/dev/null || check "soleus skip ends the set" false

# A click on the banner body: the same reminder as a new banner with Start, Done and Skip.
check "the next reminder comes" wait_banner 20
check "a click on the banner body" eval 'hand point "You have been sitting" && hand click'
answers_up() { hand labels && [[ $answer == *"Closing it snoozes it."* ]]; }
check "brings a banner that says a close snoozes" wait_for 5 answers_up
check "status still says reminding" state_is reminding
hand move 0 300; hand point "Time for soleus pushups"
wait_for 3 hand find "Skip"
hand labels; shown=$answer
check "it shows Start guided set, Done and Skip" grep -q "Start guided set;.*Done;.*Skip" <<<"$shown"
shot gnome-answers.png
skips=$(history_count '"event":"skipped"')
check "Skip clicked there" click "Skip"
more_skips() { [ "$(history_count '"event":"skipped"')" -gt "$skips" ]; }
check "history records the skip" wait_for 5 more_skips

# A reminder left alone while the user works moves into the message list after a few
# seconds of activity; it stays answerable there: a click on it brings the banner with
# Start, Done and Skip, its x snoozes.
gone() { keep_active; ! banner; }
list_has() { hand labels && [[ $answer == *"Time for soleus pushups"* ]]; }
to_list() { # waits for the next reminder, lets it move into the list, opens the list
  wait_banner 20 && wait_for 20 gone && state_is reminding && hand tray && wait_for 5 list_has
}
check "the next reminder moves into the message list" to_list
shot gnome-message-list.png
gjs tests/real-desktops/tree.js gnome-shell dump >"$work/tree-list.txt" 2>&1
check "a click on it in the list" eval 'hand point "You have been sitting" && hand click'
check "puts the reminder with every answer in the list" wait_for 5 answers_up
shot gnome-list-clicked.png
hand escape # the list shut, the shell shows it as a banner, expanded: no hover needed
expanded() { hand find "Skip" && hand find "Start guided set"; }
check "which shows as a banner with its buttons once the list closes" wait_for 8 expanded
shot gnome-from-list.png
sets=$(history_count '"type":"set"')
check "Done clicked there" click "Done"
more_sets() { [ "$(history_count '"type":"set"')" -gt "$sets" ]; }
check "history records the set" wait_for 5 more_sets

# Closing a reminder with its x is a snooze while snoozes remain (3 here), then a skip:
# once in the list, then on the banner.
snoozes=$(history_count '"event":"snoozed"')
more_snoozes() { [ "$(history_count '"event":"snoozed"')" -ge $((snoozes + $1)) ]; }
close_it() { hand move 0 300 && hand point "Time for soleus pushups" && hand pointclose "Time for soleus pushups" && hand click; }
check "the next reminder moves into the message list" to_list
check "its x clicked in the list" close_it
check "is a snooze in history" wait_for 5 more_snoozes 1
check "status says snoozed" state_is snoozed
hand escape # the list shut: banners wait while it is open
for n in 2 3; do
  check "the snoozed reminder comes back" wait_banner 20
  check "its x clicked on the banner" close_it
  check "is snooze $n in history" wait_for 5 more_snoozes "$n"
done
check "the reminder comes back, its snoozes used up" wait_banner 20
check "without Snooze on the banner" eval 'hand move 0 300 && hand point "Time for soleus pushups" && wait_for 3 hand find "Skip"'
skips=$(history_count '"event":"skipped"')
check "its x clicked once more" close_it
check "is a skip in history" wait_for 5 more_skips
check "status says sitting" wait_for 5 state_is sitting

# GNOME's do-not-disturb (the switch in the message list sets show-banners false), set with
# gsettings on the session's own dconf (dconf-service, activated on the private bus, writes
# $XDG_CONFIG_HOME/dconf/user and signals the change): a reminder falling due is held, and
# exactly one catch-up reminder comes when DND ends.
dnd_on() { gsettings set org.gnome.desktop.notifications show-banners false && test -s "$XDG_CONFIG_HOME/dconf/user"; }
dnd_off() { gsettings set org.gnome.desktop.notifications show-banners true; }
reminder_shown() { banner; }
snap() { shot "$1"; }
check "gsettings turns GNOME's do-not-disturb on, in the session's dconf" dnd_on
dnd_hold "gnome (org.gnome.desktop.notifications show-banners through gsettings, ca.desrt.dconf.Writer.Notify" gnome-dnd-catch-up.png
"$soleus" skip >/dev/null || check "soleus skip answers it" false

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
