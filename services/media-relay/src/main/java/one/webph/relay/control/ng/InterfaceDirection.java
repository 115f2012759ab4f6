package one.webph.relay.control.ng;

import java.util.ArrayList;
import java.util.List;

import one.webph.ng.NgMessage;

/**
 * ng {@code direction} ({@code [from-interface, to-interface]}, rtpproxy's {@code e}/{@code i}) and
 * its spelled-out forms {@code from-interface}, {@code to-interface} and {@code interface}. rtpengine
 * picks a logical interface per side with them; this relay has one interface (the listen and
 * public addresses of its configuration), so the names are checked for shape and otherwise have
 * no effect. Pure.
 */
final class InterfaceDirection {

    private InterfaceDirection() {
    }

    /** The interface names the message asks for (empty when none); refuses values that are not names. */
    static List<String> read(NgMessage message) {
        List<String> names = new ArrayList<>();
        Object direction = message.dictionary().get("direction");
        if (direction != null) {
            if (!(direction instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String from)
                    || !(list.get(1) instanceof String to) || from.isBlank() || to.isBlank()) {
                throw new NgException("direction must be a list of two interface names");
            }
            names.add(from);
            names.add(to);
        }
        for (String key : List.of("from-interface", "to-interface", "interface")) {
            Object value = message.dictionary().get(key);
            if (value != null) {
                if (!(value instanceof String name) || name.isBlank()) {
                    throw new NgException(key + " must be an interface name");
                }
                names.add(name);
            }
        }
        return names;
    }
}
