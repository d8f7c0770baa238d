package io.n6k.client;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Every frame of one request, up to and including its terminal frame.
 *
 * @param frames the frames in arrival order
 * @author n6k
 * @since 0.1.0
 */
public record Response(List<ReceivedFrame> frames) {

	/**
	 * Return the terminal frame (RESP_END or ERR).
	 * @return the last frame
	 */
	public ReceivedFrame terminal() {
		return this.frames.get(this.frames.size() - 1);
	}

	/**
	 * Return whether the request failed.
	 * @return whether the terminal frame is ERR
	 */
	public boolean isError() {
		return terminal().type() == 5;
	}

	public @Nullable String exceptionType() {
		return terminal().string("exception_type");
	}

	public @Nullable String exceptionMessage() {
		return terminal().string("exception_message");
	}

	/**
	 * Return the frame types in order.
	 * @return the types
	 */
	public List<Integer> types() {
		return this.frames.stream().map(ReceivedFrame::type).toList();
	}

	/**
	 * Return the number of Arrow data chunks (RESP_CHUNK with a record batch).
	 * @return the count, the EOS chunk excluded
	 */
	public long dataChunks() {
		return this.frames.stream().filter((f) -> f.type() == 3 && f.has("arrow") && !isEos(f)).count();
	}

	/**
	 * Return whether an EOS chunk was received.
	 * @return whether the stream ended with the EOS marker
	 */
	public boolean hasEos() {
		return this.frames.stream().anyMatch(Response::isEos);
	}

	/**
	 * Decode the Arrow data of a streaming response.
	 * @return the data
	 */
	public ArrowData arrow() {
		return ArrowData.decode(this.frames.stream().filter((f) -> f.type() == 2 || f.has("arrow")).toList());
	}

	static boolean isEos(ReceivedFrame frame) {
		byte[] body = frame.body();
		return frame.type() == 3 && body.length == 8 && body[0] == (byte) 0xff && body[1] == (byte) 0xff
				&& body[2] == (byte) 0xff && body[3] == (byte) 0xff && body[4] == 0 && body[5] == 0 && body[6] == 0
				&& body[7] == 0;
	}

}
