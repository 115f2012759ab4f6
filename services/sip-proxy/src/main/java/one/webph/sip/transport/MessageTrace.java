package one.webph.sip.transport;

import java.nio.charset.StandardCharsets;

import org.jboss.logging.Logger;

/**
 * Every SIP message in and out, in full, when the operator turns on {@code SIP_TRACE} to see
 * what a phone and the proxy really said to each other (like sngrep, in the log).
 */
public final class MessageTrace {

    private static final Logger LOG = Logger.getLogger("one.webph.sip.trace");
    private static volatile boolean enabled;

    private MessageTrace() {
    }

    public static void enable(boolean on) {
        enabled = on;
    }

    static void received(Flow flow, byte[] message) {
        if (enabled) {
            LOG.infof("<<< from %s\n%s", flow, new String(message, StandardCharsets.UTF_8));
        }
    }

    static void sent(Flow flow, byte[] message) {
        if (enabled) {
            LOG.infof(">>> to %s\n%s", flow, new String(message, StandardCharsets.UTF_8));
        }
    }
}
