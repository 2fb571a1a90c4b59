#!/bin/sh
# Installed by the CIMO Console .deb: give the operator access to handsets on USB and
# serial ports, and keep ModemManager from probing them (see docs/LINUX.md).
set -e
RULES="/opt/CIMO Console/resources/udev/60-cimo-handsets.rules"
if [ -f "$RULES" ]; then
  install -m 0644 "$RULES" /etc/udev/rules.d/60-cimo-handsets.rules
  if command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules || true
    udevadm trigger --subsystem-match=usb --subsystem-match=tty || true
  fi
fi
