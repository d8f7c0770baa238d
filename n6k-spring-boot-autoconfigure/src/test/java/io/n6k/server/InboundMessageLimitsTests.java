package io.n6k.server;

import java.net.InetSocketAddress;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InboundMessageLimits}.
 *
 * @author n6k
 */
class InboundMessageLimitsTests {

	@Test
	void jsr356SessionsDeliverParts() {
		StandardWebSocketSession session = new StandardWebSocketSession(new HttpHeaders(), Map.of(),
				new InetSocketAddress(0), new InetSocketAddress(0));
		assertThat(InboundMessageLimits.deliversParts(session)).isTrue();
		assertThat(InboundMessageLimits.deliversParts(new StandardWebSocketSession(new HttpHeaders(), Map.of(),
				new InetSocketAddress(0), new InetSocketAddress(0)) {
		})).as("a subclass").isTrue();
	}

	@Test
	void partDeliveringSessionsKeepOnlyASmallPartBuffer() {
		// Tomcat allocates this size per session and keeps it while the socket lives
		PartRecordingSession session = new PartRecordingSession();
		InboundMessageLimits.apply(session, 1024L * 1024 * 1024);
		assertThat(session.binaryLimit).isEqualTo(64 * 1024);
		assertThat(session.textLimit).as("text keeps the container's default").isZero();
	}

	@Test
	void aConfiguredSizeBelowOnePartIsThePartLimit() {
		PartRecordingSession session = new PartRecordingSession();
		InboundMessageLimits.apply(session, 1000);
		assertThat(session.binaryLimit).isEqualTo(1000);
	}

	@Test
	void otherSessionsGetTheWholeConfiguredSizeForBinaryAndText() {
		LimitRecordingSession session = new LimitRecordingSession();
		InboundMessageLimits.apply(session, 64L * 1024 * 1024);
		assertThat(session.binaryLimit).isEqualTo(64 * 1024 * 1024);
		assertThat(session.textLimit).isEqualTo(64 * 1024 * 1024);
	}

	@Test
	void aLimitBeyondAnArrayIsCappedAtTheLargestArray() {
		LimitRecordingSession session = new LimitRecordingSession();
		InboundMessageLimits.apply(session, 8L * 1024 * 1024 * 1024);
		assertThat(session.binaryLimit).isEqualTo(Integer.MAX_VALUE - 8);
	}

	static class PartRecordingSession extends StandardWebSocketSession {

		int binaryLimit;

		int textLimit;

		PartRecordingSession() {
			super(new HttpHeaders(), Map.of(), new InetSocketAddress(0), new InetSocketAddress(0));
		}

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
			this.binaryLimit = messageSizeLimit;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
			this.textLimit = messageSizeLimit;
		}

	}

	static class LimitRecordingSession extends TestWebSocketSession {

		int binaryLimit;

		int textLimit;

		@Override
		public void setBinaryMessageSizeLimit(int messageSizeLimit) {
			this.binaryLimit = messageSizeLimit;
		}

		@Override
		public void setTextMessageSizeLimit(int messageSizeLimit) {
			this.textLimit = messageSizeLimit;
		}

	}

}
