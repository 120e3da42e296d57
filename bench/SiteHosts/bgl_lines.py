"""Writes a generated host's syslog lines as `lad eval --format bgl` reads them, for the generators beside it."""

# The BGL level each syslog severity (the priority modulo 8) reads as.
LEVELS = {0: "FATAL", 1: "FATAL", 2: "FATAL", 3: "ERROR", 4: "WARNING", 5: "INFO", 6: "INFO", 7: "DEBUG"}


def print_lines(lines, host):
    """Prints each (message, fault) of `lines`: the label ("-" normal, "APPSEV" a planted fault), the BGL fields with
    `host`, the level the message's syslog priority names, and the whole message."""
    for message, fault in lines:
        level = LEVELS[int(message[1:message.index(">")]) % 8]
        print("%s 0 2000.01.01 %s 2000-01-01-00.00.00.000000 %s RAS APP %s %s" % ("APPSEV" if fault else "-", host, host, level, message))
