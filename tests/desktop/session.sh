# A headless desktop session: Xvfb, a private session bus without service activation, and
# dunst as the notification server. Sourced by tests/desktop/run.sh, bench/footprint.sh and
# bench/soak.sh, which set `work` (a private folder) and a `pids` array (what to stop at the
# end) first.
# Each function returns non-zero, having said why on stderr, when its part does not come up.

# Waits up to $1 seconds for a condition, checking every 0.05 s.
wait_for() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.05
  done
}

# Xvfb on a free display (announced on fd 3); exports DISPLAY.
session_x() {
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
  pids+=($!)
  wait_for 10 test -s "$work/display" || { echo "Xvfb did not start: $(cat "$work/xvfb.log")" >&2; return 1; }
  export DISPLAY=":$(cat "$work/display")"
}

# A private session bus; exports DBUS_SESSION_BUS_ADDRESS.
session_bus() {
  cat > "$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=$work/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
  dbus-daemon --config-file="$work/bus.conf" --nofork --print-address=1 >"$work/bus.addr" 2>/dev/null &
  pids+=($!)
  wait_for 10 test -s "$work/bus.addr" || { echo "dbus-daemon did not start" >&2; return 1; }
  export DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$work/bus.addr")
}

# Whether a notification server owns its name on the bus.
has_notification_server() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true
}

# dunst with the config file $1, once it serves notifications.
session_dunst() {
  dunst -config "$1" >"$work/dunst.log" 2>&1 &
  pids+=($!)
  wait_for 10 has_notification_server || { echo "dunst did not start: $(cat "$work/dunst.log")" >&2; return 1; }
}

# `soleus status --json`, printed, with soleus's own exit status checked rather than a
# pipe's: anything but 0 (running) or 3 (no daemon) -- a panic exits 101 -- is written to
# $work/panics, which `no_panics` turns into a failure. Needs `soleus` (the binary's path).
soleus_status() {
  local out rc
  out=$("$soleus" status --json 2>"$work/status.err"); rc=$?
  case $rc in
    0|3) ;;
    *) echo "soleus status exited $rc: $(head -c 500 "$work/status.err")" >>"$work/panics" ;;
  esac
  printf '%s\n' "$out"
  return $rc
}
state_is() { local s; s=$(soleus_status) || return 1; grep -q "\"state\": \"$1\"" <<<"$s"; }
state_has() { local s; s=$(soleus_status) || return 1; grep -qF "$1" <<<"$s"; }
# No soleus panicked: no status run above, and nothing in the daemon's log $1.
no_panics() {
  local bad=0
  [ -s "$work/panics" ] && { cat "$work/panics" >&2; bad=1; }
  grep -H "panicked" "$1" >&2 && bad=1
  [ "$bad" -eq 0 ]
}

# Whether dunst shows $1 notifications.
displayed() { [ "$(dunstctl count displayed 2>/dev/null)" = "$1" ]; }

# Connections subscribed to ActionInvoked, from the bus's own statistics. A person cannot
# click before soleus listens; a script can, so it waits for a listener it has not used yet.
action_listeners() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.Debug.Stats.GetAllMatchRules 2>/dev/null |
    awk '/string ":/ { name = $2 } /member=.ActionInvoked./ { print name }' | tr -d '"'
}
new_listener() { action_listeners | grep -qv "^${1}\$"; }
