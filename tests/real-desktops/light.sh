#!/usr/bin/env bash
# One light notification server, real, on a private bus: xfce4-notifyd, mate
# (mate-notification-daemon), notification-daemon and lxqt (lxqt-notificationd) under Xvfb,
# mako under headless Sway. Proves: a reminder shows, and snooze works through the
# server's own way of choosing an action (a button found by name through the accessibility
# tree and clicked with xdotool; lxqt's combo box; mako's `makoctl menu`). Saves a
# screenshot.
#   bash tests/real-desktops/light.sh SERVER
server=${1:?usage: light.sh xfce|mate|notification-daemon|lxqt|mako}
source "$(dirname "$0")/common.sh"
suite=$server

real_buses org.a11y.Bus || die "no buses"
export GNOME_ACCESSIBILITY=1 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1
case $server in
  xfce) app=xfce4-notifyd; bin=/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd ;;
  mate) app=mate-notification-daemon; bin=/usr/lib/mate-notification-daemon/mate-notification-daemon ;;
  notification-daemon) app=notification-daemon; bin=/usr/lib/notification-daemon/notification-daemon ;;
  lxqt) app=lxqt-notificationd; bin=lxqt-notificationd ;;
  mako) app=mako; bin=mako ;;
  *) die "no such server: $server" ;;
esac

if [ "$server" = mako ]; then
  # Sway refuses to run as root: then it runs as nobody, in a runtime folder of its own;
  # mako, makoctl and grim reach it by the socket's full path.
  sway_dir="$work/sway"; mkdir -p "$sway_dir"; chmod 700 "$sway_dir"
  echo "output HEADLESS-1 resolution 1280x720" >"$sway_dir/config"
  as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    chown -R 65534:65534 "$sway_dir"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  "${as_user[@]}" env HOME="$sway_dir" XDG_RUNTIME_DIR="$sway_dir" WLR_BACKENDS=headless \
    WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 sway -c "$sway_dir/config" >"$work/sway.log" 2>&1 &
  pids+=($!)
  wait_for 15 test -S "$sway_dir/wayland-1" || die "sway did not start: $(tail -5 "$work/sway.log")"
  export WAYLAND_DISPLAY="$sway_dir/wayland-1"
  mako >"$work/server.log" 2>&1 &
  pids+=($!)
else
  session_x || die "no X server"
  "$bin" >"$work/server.log" 2>&1 &
  pids+=($!)
fi
wait_for 15 has_name org.freedesktop.Notifications || die "$app serves no notifications"

# mako's snooze outlasts the 5 s a context reading is trusted for (README, "Context"), so
# a mode set while a reminder is snoozed is read when it comes back.
snooze=3s
[ "$server" = mako ] && snooze=6s
soleus_config 2s "$snooze" 8s
if [ "$server" = mako ]; then
  # Headless Sway has no input device to keep someone present: sitting is wall time.
  # Do-not-disturb is a mode of the user's own name, not mako's usual one.
  printf '[activity]\nsource = "none"\n[context]\nmako_mode = "focus"\n' \
    >>"$XDG_CONFIG_HOME/soleus/config.toml"
else
  # Someone at the keyboard, so reminders come (X11 idle time).
  ( while sleep 0.3; do xdotool mousemove_relative -- 1 0 >/dev/null 2>&1; xdotool mousemove_relative -- -1 0 >/dev/null 2>&1; done ) &
  pids+=($!)
fi
start_soleus || die "soleus did not start"
"$soleus" doctor >"$work/doctor.txt" 2>&1
check "doctor finds the server and its actions" grep -q "^OK   notifications: .*actions yes" "$work/doctor.txt"
check "a reminder is shown" wait_for 20 history_has '"event":"shown"'
if [ "$server" = mako ]; then
  # mako draws no buttons: its actions are chosen through `makoctl menu PICKER`, which
  # pipes them to a dmenu-like picker. This one keeps the menu and picks Snooze.
  printf '#!/bin/sh\ntee "%s/menu.txt" | grep -m1 Snooze\n' "$work" >"$work/pick.sh"
  chmod +x "$work/pick.sh"
  on_screen() { makoctl list 2>/dev/null | grep -q "Time for soleus pushups"; }
  check "it is on screen" wait_for 10 on_screen
  rm -f "$artifacts/mako-reminder.png"
  grim "$artifacts/mako-reminder.png" && echo "screenshot: $artifacts/mako-reminder.png"
  check "the screenshot was saved" test -s "$artifacts/mako-reminder.png"
  # The usual name means nothing here: the snoozed reminder comes back through it.
  check "makoctl adds the mode do-not-disturb" eval "makoctl mode -a do-not-disturb >/dev/null"
  check "Snooze picked from makoctl menu" makoctl menu "$work/pick.sh"
  for answer in "Start guided set" "Snooze $snooze" Done Skip; do
    check "the menu offers $answer once" test "$(grep -cx "$answer" "$work/menu.txt")" -eq 1
  done
  check "history records the snooze" wait_for 5 history_has '"event":"snoozed"'
  check "status says snoozed" state_is snoozed
  check "the reminder comes back" wait_for 15 state_is reminding
  # The configured mode holds the snoozed reminder, read from mako when it comes back; once
  # the mode is gone, the next reading (a minute later at most) brings the catch-up.
  check "makoctl sets the mode focus" eval "makoctl mode -s focus >/dev/null"
  check "Snooze picked again" makoctl menu "$work/pick.sh"
  held_by_dnd() {
    local s; s=$(soleus_status) || return 1
    jq -e '.state == "held" and .held_by == ["dnd"]' >/dev/null <<<"$s"
  }
  check "the snoozed reminder is held by mako's focus mode" wait_for 20 held_by_dnd
  "$soleus" doctor >"$work/doctor-focus.txt" 2>&1
  check "doctor reads the mode focus from mako" grep -qF \
    'mako (modes [focus], do-not-disturb is the mode "focus", on now' "$work/doctor-focus.txt"
  check "makoctl clears the mode focus" eval "makoctl mode -s default >/dev/null"
  check "it is shown again once the mode is gone" wait_for 75 state_is reminding
  finish
fi
tree() { gjs tests/real-desktops/tree.js "$app" "$@"; }
on_screen() { tree labels | grep -q "Time for soleus pushups"; }
check "it is on screen" wait_for 10 on_screen
# Each answer is offered once: the default action, where the server draws it, is "start".
tree dump >"$work/tree.txt"
offered() { awk -F '\t' -v n="$1" '($1 == "push button" || $1 == "list item") && $2 == n' "$work/tree.txt" | wc -l; }
for answer in "Start guided set" "Snooze 3s" Done Skip; do
  check "$answer is offered once" test "$(offered "$answer")" -eq 1
done
rm -f "$artifacts/$server-reminder.png"
import -window root "$artifacts/$server-reminder.png" && echo "screenshot: $artifacts/$server-reminder.png"
check "the screenshot was saved" test -s "$artifacts/$server-reminder.png"
click() {
  local x y w h
  read -r x y w h < <(tree find "$1") || return 1
  xdotool mousemove $((x + w / 2)) $((y + h / 2)) click 1
}
if [ "$server" = lxqt ]; then
  # A combo box of actions and an OK button: open the box, pick Snooze once the list is
  # open (closed, its items sit at the screen's corner), then OK.
  list_open() { local x _; read -r x _ < <(tree find "Snooze 3s") && [ "$x" -gt 0 ]; }
  check "the action box opens" eval 'click "Start guided set" && wait_for 5 list_open'
  check "Snooze picked and OK pressed" eval 'click "Snooze 3s" && click OK'
else
  check "Snooze clicked" click "Snooze 3s"
fi
check "history records the snooze" wait_for 5 history_has '"event":"snoozed"'
check "status says snoozed" state_is snoozed
check "the reminder comes back" wait_for 15 state_is reminding
finish
