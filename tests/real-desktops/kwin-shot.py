"""Saves KWin's whole workspace as raw BGRA to argv[1] through org.kde.KWin.ScreenShot2
CaptureWorkspace (the image comes through a pipe), and prints "WIDTH HEIGHT"."""
import os
import sys
import threading

from gi.repository import Gio, GLib

read_fd, write_fd = os.pipe()
data = []
reader = threading.Thread(target=lambda: data.append(os.fdopen(read_fd, "rb").read()))
reader.start()
bus = Gio.bus_get_sync(Gio.BusType.SESSION)
fds = Gio.UnixFDList()
fds.append(write_fd)  # a duplicate: the list closes its own when freed
os.close(write_fd)
reply, _ = bus.call_with_unix_fd_list_sync(
    "org.kde.KWin", "/org/kde/KWin/ScreenShot2", "org.kde.KWin.ScreenShot2",
    "CaptureWorkspace", GLib.Variant("(a{sv}h)", ({}, 0)), GLib.VariantType("(a{sv})"),
    Gio.DBusCallFlags.NONE, 20000, fds, None)
del fds  # the last write end closes: the reader sees the end of the image
reader.join()
info = reply.unpack()[0]
if info["stride"] != info["width"] * 4:
    sys.exit(f"unexpected stride {info['stride']}")
with open(sys.argv[1], "wb") as out:
    out.write(data[0])
print(info["width"], info["height"])
