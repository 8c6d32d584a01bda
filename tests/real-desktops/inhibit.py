"""Plasma's do-not-disturb as an application turns it on: `Inhibit` on
org.freedesktop.Notifications, which lasts as long as the caller's bus connection (Plasma
drops the inhibition of a caller that leaves), so this is one long-lived process driven by
lines on stdin, one answer line each ("ok ..." or "err ..."):
  inhibit      Inhibit("soleus-test", "a presentation", {}): do-not-disturb on
  uninhibit    UnInhibit(the cookie): off again"""
import sys

from gi.repository import Gio, GLib

bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
NAME = PATH = "org.freedesktop.Notifications"


def call(method, args, reply):
    return bus.call_sync(NAME, "/org/freedesktop/Notifications", NAME, method, args,
                         GLib.VariantType(reply) if reply else None,
                         Gio.DBusCallFlags.NONE, 10000, None)


cookie = None
print("ready", flush=True)
for line in sys.stdin:
    try:
        if line.strip() == "inhibit":
            (cookie,) = call("Inhibit", GLib.Variant("(ssa{sv})", ("soleus-test", "a presentation", {})),
                             "(u)").unpack()
            print(f"ok {cookie}", flush=True)
        elif line.strip() == "uninhibit":
            call("UnInhibit", GLib.Variant("(u)", (cookie,)), None)
            print("ok", flush=True)
        else:
            print("err unknown command", flush=True)
    except GLib.Error as e:
        print(f"err {e.message}", flush=True)
