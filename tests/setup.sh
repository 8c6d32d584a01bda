#!/usr/bin/env bash
# Installs the system packages the tests drive for real, with apt-get when run as root:
#   xvfb x11-utils xdotool   an X server and input for the X11 idle tests
#   openbox wmctrl           a real window manager that makes a window fullscreen (context tests)
#   pipewire pipewire-bin pipewire-pulse wireplumber   a real PipeWire with its PulseAudio
#                            server and a recording stream (pw-record) for the microphone test
#   sway wtype               a headless Wayland compositor and input for the Wayland tests
#   foot                     a Wayland window for sway to make fullscreen (context tests)
#   faketime                 a wall-clock jump, the way a suspend looks to the daemon
#   dunst libnotify-bin imagemagick   the desktop end-to-end suite (tests/desktop/run.sh)
#   tzdata                   the time-zone (DST) tests
#   dconf-service dconf-gsettings-backend gsettings-desktop-schemas libglib2.0-bin
#                            GNOME's do-not-disturb setting, written and read with
#                            gsettings through a real dconf-service (context tests)
#   waybar grim              a real tray host (waybar's StatusNotifierWatcher) under the
#                            headless Sway, and its screenshot (tests/tray.rs)
#   i3blocks                 runs the README's i3blocks snippet (tests/follow.rs)
#   systemd desktop-file-utils   systemd-analyze and desktop-file-validate check the
#                            autostart entries (no systemd runs; only the checkers are used)
# dbus-daemon is already on every machine. Without root, it names what is missing and
# fails: no test skips for lack of a tool.
set -uo pipefail

# With arguments, installs those packages instead (tests/real-desktops/setup.sh does),
# without recommended ones.
packages=(xvfb x11-utils xdotool openbox wmctrl pipewire pipewire-bin pipewire-pulse wireplumber sway wtype foot faketime dunst libnotify-bin imagemagick tzdata dconf-service dconf-gsettings-backend gsettings-desktop-schemas libglib2.0-bin systemd desktop-file-utils waybar grim i3blocks)
recommends=()
if [ $# -gt 0 ]; then packages=("$@"); recommends=(--no-install-recommends); fi
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "the tests need: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing ${missing[*]}"
apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${recommends[@]}" "${missing[@]}" >/dev/null || exit 1
