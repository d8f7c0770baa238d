package io.n6k.server;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameBuffers}, the direct buffers a stream reuses for its large
 * frames.
 *
 * @author n6k
 */
class FrameBuffersTests {

	@Test
	void aReleasedBufferIsReusedForTheNextFrame() {
		FrameBuffers buffers = new FrameBuffers(4);
		ByteBuffer first = buffers.acquire(300_000);
		assertThat(first.isDirect()).isTrue();
		assertThat(first.capacity()).isGreaterThanOrEqualTo(300_000);
		first.put(new byte[1000]).flip();
		buffers.release(first);
		ByteBuffer second = buffers.acquire(290_000);
		assertThat(second).isSameAs(first);
		assertThat(second.position()).isZero();
		assertThat(second.limit()).isEqualTo(second.capacity());
		assertThat(buffers.allocated()).isOne();
	}

	@Test
	void aBufferTooSmallForTheFrameIsReplacedByALargerOne() {
		FrameBuffers buffers = new FrameBuffers(4);
		ByteBuffer small = buffers.acquire(300_000);
		buffers.release(small);
		ByteBuffer large = buffers.acquire(small.capacity() + 1);
		assertThat(large).isNotSameAs(small);
		assertThat(large.capacity()).isGreaterThan(small.capacity());
		buffers.release(large);
		assertThat(buffers.acquire(10)).isSameAs(large);
		assertThat(buffers.allocated()).isEqualTo(2);
	}

	@Test
	void noMoreThanTheConfiguredNumberOfBuffersIsKept() {
		FrameBuffers buffers = new FrameBuffers(2);
		ByteBuffer a = buffers.acquire(1000);
		ByteBuffer b = buffers.acquire(1000);
		ByteBuffer c = buffers.acquire(1000);
		buffers.release(a);
		buffers.release(b);
		buffers.release(c);
		buffers.acquire(1000);
		buffers.acquire(1000);
		assertThat(buffers.allocated()).isEqualTo(3);
		buffers.acquire(1000);
		assertThat(buffers.allocated()).as("the third buffer was not kept").isEqualTo(4);
	}

}
