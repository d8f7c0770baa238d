package io.n6k.server;

import org.springframework.web.socket.WebSocketSession;

/**
 * Sets the container's inbound message limits on a new WebSocket session, so that every
 * container accepts exactly the messages {@code n6k.websocket.max-binary-message-size}
 * allows and closes with 1009 past it.
 * <p>
 * Containers behind Spring's JSR-356 adapter (Tomcat, Undertow) hand the handler parts of
 * a message; their limit is the size of a buffer they allocate per session, so it stays
 * at one part and {@link MessageAssembler} enforces the configured size. Tomcat keeps
 * that buffer for the life of the session, idle or not, so a part is kept small: at 1
 * MiB, 1,000 sockets held 1 GB of heap and the collector's pauses reached seconds.
 * Spring's Jetty adapter hands over whole messages only: Jetty joins the parts and must
 * itself accept the configured size (it grows its buffer as the parts arrive). Text
 * messages close the connection with 1003; Jetty gets the same limit for them, so that a
 * long one still reaches the handler instead of being refused with 1009.
 *
 * @author n6k
 */
final class InboundMessageLimits {

	/**
	 * Largest part a part-delivering container hands over: twice the 32 KiB frames the
	 * DuckDB extension sends (Tomcat hands over a part at the end of every frame anyway).
	 */
	static final int PART_SIZE = 64 * 1024;

	private static final String JSR356_SESSION = "org.springframework.web.socket.adapter.standard.StandardWebSocketSession";

	private InboundMessageLimits() {
	}

	/**
	 * Apply the limits to a session that has just been established.
	 * @param session the session
	 * @param maxMessageSize the largest message accepted, in bytes
	 */
	static void apply(WebSocketSession session, long maxMessageSize) {
		int whole = (int) Math.min(maxMessageSize, Integer.MAX_VALUE - 8);
		if (deliversParts(session)) {
			session.setBinaryMessageSizeLimit(Math.min(whole, PART_SIZE));
		}
		else {
			session.setBinaryMessageSizeLimit(whole);
			session.setTextMessageSizeLimit(whole);
		}
	}

	/**
	 * Whether the container hands a handler that supports partial messages the parts of a
	 * message. The class is matched by name: a Jetty application has no JSR-356 API on
	 * its classpath necessarily.
	 * @param session the session
	 * @return whether parts arrive
	 */
	static boolean deliversParts(WebSocketSession session) {
		for (Class<?> type = session.getClass(); type != null; type = type.getSuperclass()) {
			if (JSR356_SESSION.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
