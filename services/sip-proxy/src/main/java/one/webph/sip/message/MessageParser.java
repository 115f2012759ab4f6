package one.webph.sip.message;

import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import gov.nist.javax.sip.header.NameMap;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.AllowParser;
import gov.nist.javax.sip.parser.AuthorizationParser;
import gov.nist.javax.sip.parser.CSeqParser;
import gov.nist.javax.sip.parser.CallIDParser;
import gov.nist.javax.sip.parser.ContactParser;
import gov.nist.javax.sip.parser.ContentLengthParser;
import gov.nist.javax.sip.parser.ContentTypeParser;
import gov.nist.javax.sip.parser.ExpiresParser;
import gov.nist.javax.sip.parser.FromParser;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.Lexer;
import gov.nist.javax.sip.parser.MaxForwardsParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.ParserFactory;
import gov.nist.javax.sip.parser.ProxyAuthorizationParser;
import gov.nist.javax.sip.parser.RecordRouteParser;
import gov.nist.javax.sip.parser.RouteParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.parser.SupportedParser;
import gov.nist.javax.sip.parser.ToParser;
import gov.nist.javax.sip.parser.UserAgentParser;
import gov.nist.javax.sip.parser.ViaParser;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * JAIN-SIP's message parser, with the parsers of the fields nearly every request carries made
 * directly. Its {@link ParserFactory} finds a field's parser class by the lower-cased name through
 * a shared cache and makes the parser by reflection: 17% of the parsing of a REGISTER (JFR,
 * 2026-11-27). Every other field still goes through it, and a field that does not parse is
 * reported to the listener as JAIN-SIP reports it. Not thread-safe, like its parent: one per message.
 */
final class MessageParser extends StringMsgParser {

    /** By the name as commonly written, its compact form and its lower case. */
    private static final Map<String, Function<String, HeaderParser>> COMMON = common();

    private static Map<String, Function<String, HeaderParser>> common() {
        Map<String, Function<String, HeaderParser>> byName = new HashMap<>();
        add(byName, ViaParser::new, "Via", "v");
        add(byName, FromParser::new, "From", "f");
        add(byName, ToParser::new, "To", "t");
        add(byName, CallIDParser::new, "Call-ID", "i");
        add(byName, CSeqParser::new, "CSeq");
        add(byName, ContactParser::new, "Contact", "m");
        add(byName, MaxForwardsParser::new, "Max-Forwards");
        add(byName, ContentLengthParser::new, "Content-Length", "l");
        add(byName, ContentTypeParser::new, "Content-Type", "c");
        add(byName, ExpiresParser::new, "Expires");
        add(byName, AuthorizationParser::new, "Authorization");
        add(byName, ProxyAuthorizationParser::new, "Proxy-Authorization");
        add(byName, UserAgentParser::new, "User-Agent");
        add(byName, RouteParser::new, "Route");
        add(byName, RecordRouteParser::new, "Record-Route");
        add(byName, AllowParser::new, "Allow");
        add(byName, SupportedParser::new, "Supported", "k");
        return Map.copyOf(byName);
    }

    private static void add(Map<String, Function<String, HeaderParser>> byName, Function<String, HeaderParser> parser, String... names) {
        for (String name : names) {
            byName.put(name, parser);
            byName.put(name.toLowerCase(Locale.ROOT), parser);
        }
    }

    /** What {@link StringMsgParser} does with a field, but with {@link #parserFor}. */
    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] rawMessage) throws ParseException {
        if (header == null || header.isEmpty()) {
            return;
        }
        HeaderParser parser;
        try {
            parser = parserFor(header + "\n");
        } catch (ParseException e) {
            if (listener == null) {
                throw e;
            }
            listener.handleException(e, message, null, header, null);
            return;
        }
        try {
            message.attachHeader(parser.parse(), false);
        } catch (ParseException e) {
            if (listener != null) {
                Class<?> headerClass = NameMap.getClassFromName(Lexer.getHeaderName(header));
                listener.handleException(e, message, headerClass == null ? ExtensionHeaderImpl.class : headerClass, header,
                        new String(rawMessage, StandardCharsets.UTF_8));
            }
        }
    }

    private static HeaderParser parserFor(String line) throws ParseException {
        int colon = line.indexOf(':');
        if (colon > 0) {
            String name = line.substring(0, colon).strip();
            Function<String, HeaderParser> parser = COMMON.get(name);
            if (parser == null) {
                parser = COMMON.get(name.toLowerCase(Locale.ROOT));
            }
            if (parser != null) {
                return parser.apply(line);
            }
        }
        return ParserFactory.createParser(line);
    }
}
