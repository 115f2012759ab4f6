package one.webph.sip.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The RFC 4475 torture messages (test resources {@code rfc4475/*.dat}), each with its RFC section
 * and what a proxy must make of it, as the RFC's text for that section says.
 */
public final class TortureMessages {

    /** What the codec must return for a message. */
    public enum Verdict {
        /** A well-formed request, for the proxy to handle. */
        REQUEST,
        /** A well-formed response. */
        RESPONSE,
        /** A malformed request to answer with 400. */
        BAD_REQUEST,
        /** A request of another SIP version, to answer with 505. */
        VERSION_NOT_SUPPORTED,
        /** A malformed response, dropped. */
        DROPPED_RESPONSE
    }

    public record Message(String file, String section, String title, Verdict verdict) {

        public byte[] bytes() {
            try (InputStream in = TortureMessages.class.getResourceAsStream("/rfc4475/" + file + ".dat")) {
                if (in == null) {
                    throw new IllegalStateException("rfc4475/" + file + ".dat is not on the test classpath");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return section + " " + title + " (" + file + ")";
        }
    }

    public static final List<Message> ALL = List.of(
            // 3.1.1 Valid messages: a parser must accept them.
            new Message("wsinv", "3.1.1.1", "A Short Tortuous INVITE", Verdict.REQUEST),
            new Message("intmeth", "3.1.1.2", "Wide Range of Valid Characters", Verdict.REQUEST),
            new Message("esc01", "3.1.1.3", "Valid Use of the % Escaping Mechanism", Verdict.REQUEST),
            new Message("escnull", "3.1.1.4", "Escaped Nulls in URIs", Verdict.REQUEST),
            new Message("esc02", "3.1.1.5", "Use of % When It Is Not an Escape", Verdict.REQUEST),
            new Message("lwsdisp", "3.1.1.6", "Message with No LWS between Display Name and <", Verdict.REQUEST),
            new Message("longreq", "3.1.1.7", "Long Values in Header Fields", Verdict.REQUEST),
            new Message("dblreq", "3.1.1.8", "Extra Trailing Octets in a UDP Datagram", Verdict.REQUEST),
            new Message("semiuri", "3.1.1.9", "Semicolon-Separated Parameters in URI User Part", Verdict.REQUEST),
            new Message("transports", "3.1.1.10", "Varied and Unknown Transport Types", Verdict.REQUEST),
            new Message("mpart01", "3.1.1.11", "Multipart MIME Message", Verdict.REQUEST),
            new Message("unreason", "3.1.1.12", "Unusual Reason Phrase", Verdict.RESPONSE),
            new Message("noreason", "3.1.1.13", "Empty Reason Phrase", Verdict.RESPONSE),
            // 3.1.2 Invalid messages: rejected (400 where answering is possible) or dropped.
            new Message("badinv01", "3.1.2.1", "Extraneous Header Field Separators", Verdict.BAD_REQUEST),
            new Message("clerr", "3.1.2.2", "Content Length Larger Than Message", Verdict.BAD_REQUEST),
            new Message("ncl", "3.1.2.3", "Negative Content-Length", Verdict.BAD_REQUEST),
            new Message("scalar02", "3.1.2.4", "Request Scalar Fields with Overlarge Values", Verdict.BAD_REQUEST),
            new Message("scalarlg", "3.1.2.5", "Response Scalar Fields with Overlarge Values", Verdict.DROPPED_RESPONSE),
            new Message("quotbal", "3.1.2.6", "Unterminated Quoted String in Display Name", Verdict.BAD_REQUEST),
            new Message("ltgtruri", "3.1.2.7", "<> Enclosing Request-URI", Verdict.BAD_REQUEST),
            new Message("lwsruri", "3.1.2.8", "Malformed SIP Request-URI (embedded LWS)", Verdict.BAD_REQUEST),
            new Message("lwsstart", "3.1.2.9", "Multiple SP Separating Request-Line Elements", Verdict.BAD_REQUEST),
            new Message("trws", "3.1.2.10", "SP Characters at End of Request-Line", Verdict.BAD_REQUEST),
            new Message("escruri", "3.1.2.11", "Escaped Headers in SIP Request-URI", Verdict.BAD_REQUEST),
            // The RFC: reject only when the Date matters; a proxy ignores it and passes it on.
            new Message("baddate", "3.1.2.12", "Invalid Time Zone in Date Header Field", Verdict.REQUEST),
            new Message("regbadct", "3.1.2.13", "Failure to Enclose name-addr URI in <>", Verdict.BAD_REQUEST),
            new Message("badaspec", "3.1.2.14", "Spaces within addr-spec", Verdict.BAD_REQUEST),
            new Message("baddn", "3.1.2.15", "Non-token Characters in Display Name", Verdict.BAD_REQUEST),
            new Message("badvers", "3.1.2.16", "Unknown Protocol Version", Verdict.VERSION_NOT_SUPPORTED),
            new Message("mismatch01", "3.1.2.17", "Start Line and CSeq Method Mismatch", Verdict.BAD_REQUEST),
            new Message("mismatch02", "3.1.2.18", "Unknown Method with CSeq Method Mismatch", Verdict.BAD_REQUEST),
            new Message("bigcode", "3.1.2.19", "Overlarge Response Code", Verdict.DROPPED_RESPONSE),
            // 3.2 Transaction layer: 400 is one of the two answers the RFC allows.
            new Message("badbranch", "3.2.1", "Missing Transaction Identifier", Verdict.BAD_REQUEST),
            // 3.3 Application layer: well-formed unless the RFC says otherwise; the proxy decides.
            new Message("insuf", "3.3.1", "Missing Required Header Fields", Verdict.BAD_REQUEST),
            new Message("unkscm", "3.3.2", "Request-URI with Unknown Scheme", Verdict.REQUEST),
            new Message("novelsc", "3.3.3", "Request-URI with Known but Atypical Scheme", Verdict.REQUEST),
            new Message("unksm2", "3.3.4", "Unknown URI Schemes in Header Fields", Verdict.REQUEST),
            new Message("bext01", "3.3.5", "Proxy-Require and Require", Verdict.REQUEST),
            new Message("invut", "3.3.6", "Unknown Content-Type", Verdict.REQUEST),
            new Message("regaut01", "3.3.7", "Unknown Authorization Scheme", Verdict.REQUEST),
            new Message("multi01", "3.3.8", "Multiple Values in Single Value Required Fields", Verdict.BAD_REQUEST),
            new Message("mcl01", "3.3.9", "Multiple Content-Length Values", Verdict.BAD_REQUEST),
            new Message("bcast", "3.3.10", "200 OK Response with Broadcast Via Header Field Value", Verdict.RESPONSE),
            new Message("zeromf", "3.3.11", "Max-Forwards of Zero", Verdict.REQUEST),
            new Message("cparam01", "3.3.12", "REGISTER with a Contact Header Parameter", Verdict.REQUEST),
            new Message("cparam02", "3.3.13", "REGISTER with a url-parameter", Verdict.REQUEST),
            new Message("regescrt", "3.3.14", "REGISTER with a URL Escaped Header", Verdict.REQUEST),
            new Message("sdp01", "3.3.15", "Unacceptable Accept Offering", Verdict.REQUEST),
            // 3.4 Backward compatibility.
            new Message("inv2543", "3.4.1", "INVITE with RFC 2543 Syntax", Verdict.REQUEST),
            // Not in the RFC: wsinv without the LWS inside the Via sent-protocol.
            new Message("wsinvFixed", "3.1.1.1", "A Short Tortuous INVITE, plain Via", Verdict.REQUEST));

    private TortureMessages() {
    }
}
