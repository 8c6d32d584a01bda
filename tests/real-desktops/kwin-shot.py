"""Saves KWin's whole workspace as raw BGRA to argv[1] through org.kde.KWin.ScreenShot2
CaptureWorkspace, and prints "WIDTH HEIGHT". The image comes through a pipe, read while
KWin writes it; the reply says how many bytes to expect (the pipe's end of file may come
late: D-Bus machinery can hold a copy of the write end)."""
import os
import sys
import threading
import time

from gi.repository import Gio, GLib

read_fd, write_fd = os.pipe()
chunks = []


def read():
    while chunk := os.read(read_fd, 1 << 16):
        chunks.append(chunk)


threading.Thread(target=read, daemon=True).start()
bus = Gio.bus_get_sync(Gio.BusType.SESSION)
fds = Gio.UnixFDList()
fds.append(write_fd)  # a duplicate
os.close(write_fd)
reply, _ = bus.call_with_unix_fd_list_sync(
    "org.kde.KWin", "/org/kde/KWin/ScreenShot2", "org.kde.KWin.ScreenShot2",
    "CaptureWorkspace", GLib.Variant("(a{sv}h)", ({}, 0)), GLib.VariantType("(a{sv})"),
    Gio.DBusCallFlags.NONE, 20000, fds, None)
info = reply.unpack()[0]
if info["stride"] != info["width"] * 4:
    sys.exit(f"unexpected stride {info['stride']}")
size = info["stride"] * info["height"]
deadline = time.monotonic() + 20
while sum(map(len, chunks)) < size:
    if time.monotonic() > deadline:
        sys.exit("the image did not arrive within 20 s")
    time.sleep(0.05)
with open(sys.argv[1], "wb") as out:
    out.write(b"".join(chunks)[:size])
print(info["width"], info["height"])
