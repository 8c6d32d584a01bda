#!/usr/bin/env bash
# Installs what the real-desktop suites run, with apt-get when run as root (about 75 s of
# apt on a fresh Debian 12 machine) through tests/setup.sh; as a normal user, names what is
# missing and fails.
#   gnome-shell gjs                    GNOME Shell 43 and its notification server (a gjs
#                                      service the shell activates)
#   at-spi2-core gir1.2-atspi-2.0      the accessibility tree: buttons found by name
#   kwin-wayland plasma-workspace plasma-desktop qtwayland5 kactivitymanagerd
#   libkf5service-bin                  KWin 5.27 and plasmashell (kbuildsycoca5 for screenshots)
#   python3-gi                         KWin screenshots (a file descriptor over D-Bus)
#   libglib2.0-bin                     gdbus
#   xfce4-notifyd mate-notification-daemon notification-daemon lxqt-notificationd
#   mako-notifier                      the light notification servers
#   xvfb xdotool imagemagick sway grim Xvfb and its input and screenshots; Sway for mako
set -uo pipefail
packages=(gnome-shell gjs at-spi2-core gir1.2-atspi-2.0 kwin-wayland plasma-workspace plasma-desktop
  qtwayland5 kactivitymanagerd libkf5service-bin python3-gi libglib2.0-bin
  xfce4-notifyd mate-notification-daemon notification-daemon lxqt-notificationd mako-notifier
  xvfb xdotool imagemagick sway grim)
exec bash "$(dirname "$0")/../setup.sh" "${packages[@]}"
