package one.webph.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import one.webph.sip.message.SipCodec;

/** RFC 3261 §17 timers, on a clock the test moves. */
class TransactionTimersTest {

    final FakeTimers clock = new FakeTimers();
    final TransactionLayer layer = new TransactionLayer(clock);
    final List<SIPResponse> heard = new ArrayList<>();
    int timeouts;

    final ClientTransaction.Listener listener = new ClientTransaction.Listener() {
        @Override
        public void onResponse(ClientTransaction transaction, SIPResponse response) {
            heard.add(response);
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
            timeouts++;
        }
    };

    static SIPRequest request(String method, String branch) {
        String text = method + " sip:100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\r\n"
                + "From: <sip:200@test>;tag=f1\r\nTo: <sip:100@test>\r\nCall-ID: c1@test\r\n"
                + "CSeq: 1 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        return ((SipCodec.Request) SipCodec.parse(text.getBytes(StandardCharsets.UTF_8))).request();
    }

    @Test
    void inviteOverUdpIsRetransmittedWithDoublingIntervalsUntilTimerB() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        layer.send(request("INVITE", "z9hG4bKa1"), flow, listener);
        clock.advance(40_000);
        // Timer A: 0.5, 1, 2, 4, 8, 16 s apart; Timer B ends it at 32 s.
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), flow.sendTimes("INVITE"));
        assertEquals(1, timeouts);
        assertEquals(0, layer.clientCount());
    }

    @Test
    void nonInviteRetransmissionsAreCappedAtT2AndEndWithTimerF() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        layer.send(request("MESSAGE", "z9hG4bKm1"), flow, listener);
        clock.advance(40_000);
        List<Long> times = flow.sendTimes("MESSAGE");
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 11500L), times.subList(0, 6));
        for (int i = 5; i < times.size(); i++) {
            assertEquals(4000L, times.get(i) - times.get(i - 1), "Timer E is capped at T2");
        }
        assertEquals(1, timeouts);
    }

    @Test
    void overReliableTransportsNothingIsRetransmitted() {
        RecordingFlow flow = new RecordingFlow(clock, true);
        layer.send(request("INVITE", "z9hG4bKr1"), flow, listener);
        clock.advance(40_000);
        assertEquals(1, flow.sendTimes("INVITE").size());
        assertEquals(1, timeouts);
    }

    @Test
    void aProvisionalResponseStopsInviteRetransmissions() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKp1");
        layer.send(invite, flow, listener);
        clock.advance(600);
        assertTrue(layer.receive(SipCodec.respond(invite, 180, "Ringing")));
        clock.advance(60_000);
        assertEquals(2, flow.sendTimes("INVITE").size());
        assertEquals(0, timeouts, "Timer B does not run after a provisional response");
    }

    @Test
    void aNonSuccessFinalResponseIsAcknowledgedByTheTransaction() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKe1");
        layer.send(invite, flow, listener);
        SIPResponse busy = SipCodec.respond(invite, 486, "Busy Here");
        layer.receive(busy);
        layer.receive(busy); // Retransmitted: our ACK was lost.
        assertEquals(2, flow.sendTimes("ACK").size());
        assertEquals(1, heard.size(), "the response goes up once");
        assertTrue(flow.sent.stream().anyMatch(s -> s.message().startsWith("ACK") && s.message().contains("branch=z9hG4bKe1")));
        clock.advance(32_001); // Timer D.
        assertEquals(0, layer.clientCount());
    }

    @Test
    void everySuccessOfAForkedInviteGoesUpInTheAcceptedState() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKs1");
        layer.send(invite, flow, listener);
        layer.receive(SipCodec.respond(invite, 200, "OK"));
        layer.receive(SipCodec.respond(invite, 200, "OK"));
        assertEquals(2, heard.size());
        assertEquals(0, flow.sendTimes("ACK").size(), "the ACK of a 2xx is the caller's, not the transaction's");
        clock.advance(32_001); // Timer M.
        assertEquals(0, layer.clientCount());
    }

    @Test
    void aServerInviteErrorIsRetransmittedUntilTheAckThenForgotten() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKg1");
        ServerTransaction server = assertInstanceOf(TransactionLayer.New.class, layer.receive(invite, flow)).transaction();
        server.respond(SipCodec.respond(invite, 480, "Temporarily Unavailable"));
        clock.advance(4_000);
        assertEquals(List.of(0L, 500L, 1500L, 3500L), flow.sendTimes("SIP/2.0 480"));
        SIPRequest ack = request("ACK", "z9hG4bKg1");
        assertInstanceOf(TransactionLayer.Absorbed.class, layer.receive(ack, flow));
        clock.advance(10_000);
        assertEquals(4, flow.sendTimes("SIP/2.0 480").size(), "Timer G stops at the ACK");
        assertEquals(0, layer.serverCount(), "Timer I ended it");
    }

    @Test
    void aServerInviteWithoutAckEndsAtTimerH() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKh1");
        ServerTransaction server = ((TransactionLayer.New) layer.receive(invite, flow)).transaction();
        server.respond(SipCodec.respond(invite, 404, "Not Found"));
        clock.advance(31_999);
        assertEquals(1, layer.serverCount());
        clock.advance(2);
        assertEquals(0, layer.serverCount());
        List<Long> times = flow.sendTimes("SIP/2.0 404");
        assertEquals(4000L, times.get(times.size() - 1) - times.get(times.size() - 2), "Timer G is capped at T2");
    }

    @Test
    void retransmittedRequestsGetTheLastResponseAndAreNotPassedUp() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest message = request("MESSAGE", "z9hG4bKr2");
        ServerTransaction server = ((TransactionLayer.New) layer.receive(message, flow)).transaction();
        server.respond(SipCodec.respond(message, 202, "Accepted"));
        assertInstanceOf(TransactionLayer.Absorbed.class, layer.receive(request("MESSAGE", "z9hG4bKr2"), flow));
        assertEquals(2, flow.sendTimes("SIP/2.0 202").size());
        clock.advance(32_001); // Timer J.
        assertInstanceOf(TransactionLayer.New.class, layer.receive(request("MESSAGE", "z9hG4bKr2"), flow));
    }

    @Test
    void aCompletedNonInviteTransactionIsKeptAsItsResponseAloneUntilTimerJ() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest register = request("REGISTER", "z9hG4bKj1");
        ServerTransaction server = ((TransactionLayer.New) layer.receive(register, flow)).transaction();
        server.respond(SipCodec.respond(register, 200, "OK"));
        assertEquals(0, layer.serverCount(), "the transaction and its parsed request are let go");
        assertEquals(1, layer.completedCount());
        clock.advance(20_000);
        assertInstanceOf(TransactionLayer.Absorbed.class, layer.receive(request("REGISTER", "z9hG4bKj1"), flow));
        assertEquals(List.of(0L, 20_000L), flow.sendTimes("SIP/2.0 200"), "the retransmission got the same response");
        SIPRequest later = request("REGISTER", "z9hG4bKj2");
        ((TransactionLayer.New) layer.receive(later, flow)).transaction().respond(SipCodec.respond(later, 401, "Unauthorized"));
        clock.advance(12_001);
        assertEquals(1, layer.completedCount(), "Timer J ended the first; the later one waits for its own");
        assertInstanceOf(TransactionLayer.New.class, layer.receive(request("REGISTER", "z9hG4bKj1"), flow));
        assertInstanceOf(TransactionLayer.Absorbed.class, layer.receive(request("REGISTER", "z9hG4bKj2"), flow));
        clock.advance(20_000);
        assertEquals(0, layer.completedCount());
    }

    @Test
    void beyondTheirMemoryBudgetTheOldestCompletedTransactionsAreLetGoEarly() {
        TransactionLayer small = new TransactionLayer(clock, 8_000);
        RecordingFlow flow = new RecordingFlow(clock, false);
        for (int i = 0; i < 40; i++) {
            SIPRequest register = request("REGISTER", "z9hG4bKb" + i);
            ((TransactionLayer.New) small.receive(register, flow)).transaction().respond(SipCodec.respond(register, 200, "OK"));
        }
        assertTrue(small.completedCount() < 40, "some were let go: " + small.completedCount());
        assertTrue(small.completedCount() > 5, "the newest are kept: " + small.completedCount());
        assertInstanceOf(TransactionLayer.New.class, small.receive(request("REGISTER", "z9hG4bKb0"), flow), "the oldest is gone");
        assertInstanceOf(TransactionLayer.Absorbed.class, small.receive(request("REGISTER", "z9hG4bKb39"), flow));
    }

    @Test
    void anInviteAnsweredWithSuccessAbsorbsRetransmissionsAndLetsTheAckThrough() {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKl1");
        ServerTransaction server = ((TransactionLayer.New) layer.receive(invite, flow)).transaction();
        server.respond(SipCodec.respond(invite, 200, "OK"));
        assertEquals(ServerTransaction.State.ACCEPTED, server.state());
        assertInstanceOf(TransactionLayer.Absorbed.class, layer.receive(request("INVITE", "z9hG4bKl1"), flow));
        assertEquals(1, flow.sendTimes("SIP/2.0 200").size(), "RFC 6026: the UAS retransmits its 2xx, not us");
        assertInstanceOf(TransactionLayer.StrayAck.class, layer.receive(request("ACK", "z9hG4bKl1"), flow));
        clock.advance(32_001); // Timer L.
        assertEquals(0, layer.serverCount());
    }

    @Test
    void anAcceptedInviteKeepsOnlyWhatIdentifiesTheCallForItsThirtyTwoSeconds() throws Exception {
        RecordingFlow flow = new RecordingFlow(clock, false);
        SIPRequest invite = request("INVITE", "z9hG4bKs1");
        invite.setHeader(new gov.nist.javax.sip.header.HeaderFactoryImpl().createHeader("Record-Route", "<sip:edge.example;lr>"));
        invite.setContent("v=0\r\n", new gov.nist.javax.sip.header.HeaderFactoryImpl().createContentTypeHeader("application", "sdp"));
        ServerTransaction server = ((TransactionLayer.New) layer.receive(invite, flow)).transaction();
        server.respond(SipCodec.respond(invite, 200, "OK"));

        SIPRequest kept = server.request();
        assertEquals("INVITE", kept.getMethod());
        assertEquals(invite.getCallId().getCallId(), kept.getCallId().getCallId());
        assertEquals(invite.getFrom().getTag(), kept.getFrom().getTag());
        assertEquals("z9hG4bKs1", kept.getTopmostVia().getBranch());
        assertEquals(invite.getRequestURI().toString(), kept.getRequestURI().toString());
        assertNull(kept.getRawContent(), "no body");
        assertNull(kept.getHeader("Record-Route"), "no routing fields");
        assertEquals(408, SipCodec.respond(kept, 408, "Request Timeout").getStatusCode(), "still answerable");
    }
}
