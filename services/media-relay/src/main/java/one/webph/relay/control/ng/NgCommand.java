package one.webph.relay.control.ng;

import java.util.Map;

import one.webph.ng.NgMessage;

/** One ng command. Returns the reply dictionary; throws {@link NgException} for a refusal. */
interface NgCommand {

    Map<String, Object> handle(NgMessage message);
}
