/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.server.engine;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What a session has received and sent, and how its peer answered pings, kept without
 * locks: the inbound figures have a single writer (the container delivers one message at
 * a time, and the heartbeat records pongs from the same delivery), the outbound ones are
 * updated atomically by whichever thread completes a write.
 *
 * @author Lifeline contributors
 */
final class SessionTraffic {

	private static final AtomicLongFieldUpdater<SessionTraffic> MESSAGES_OUT = AtomicLongFieldUpdater
		.newUpdater(SessionTraffic.class, "messagesOut");

	private static final AtomicLongFieldUpdater<SessionTraffic> BYTES_OUT = AtomicLongFieldUpdater
		.newUpdater(SessionTraffic.class, "bytesOut");

	private static final AtomicLongFieldUpdater<SessionTraffic> MESSAGES_DROPPED = AtomicLongFieldUpdater
		.newUpdater(SessionTraffic.class, "messagesDropped");

	private volatile long lastInboundNanos;

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long messagesOut;

	private volatile long bytesOut;

	private volatile long messagesDropped;

	private volatile long lastPongNanos;

	private volatile long rttNanos = -1;

	private volatile long smoothedRttNanos = -1;

	SessionTraffic(long openedAtNanos) {
		this.lastInboundNanos = openedAtNanos;
	}

	/**
	 * Record a frame of a data message.
	 * @param nanos when it arrived
	 * @param bytes its size
	 * @param countAsMessage whether it ends a message
	 */
	void recordInbound(long nanos, long bytes, boolean countAsMessage) {
		this.lastInboundNanos = nanos;
		if (countAsMessage) {
			this.messagesIn++;
		}
		this.bytesIn += bytes;
	}

	/**
	 * Record a sign of life that is not a data message, such as a ping from the peer.
	 * @param nanos when it arrived
	 */
	void recordInboundActivity(long nanos) {
		this.lastInboundNanos = nanos;
	}

	/**
	 * Record a pong.
	 * @param nanos when it arrived
	 * @param rtt the round trip of the ping it answered, or {@code -1} if unknown
	 */
	void recordPong(long nanos, long rtt) {
		this.lastPongNanos = nanos;
		if (rtt >= 0) {
			this.rttNanos = rtt;
			long smoothed = this.smoothedRttNanos;
			// RFC 6298 smoothing: SRTT = 7/8 SRTT + 1/8 R
			this.smoothedRttNanos = (smoothed < 0) ? rtt : smoothed - (smoothed >> 3) + (rtt >> 3);
		}
	}

	void sent(long bytes) {
		MESSAGES_OUT.incrementAndGet(this);
		BYTES_OUT.addAndGet(this, bytes);
	}

	void dropped(int messages) {
		MESSAGES_DROPPED.addAndGet(this, messages);
	}

	long lastInboundNanos() {
		return this.lastInboundNanos;
	}

	long lastPongNanos() {
		return this.lastPongNanos;
	}

	long rttNanos() {
		return this.rttNanos;
	}

	long smoothedRttNanos() {
		return this.smoothedRttNanos;
	}

	long messagesIn() {
		return this.messagesIn;
	}

	long bytesIn() {
		return this.bytesIn;
	}

	long messagesOut() {
		return this.messagesOut;
	}

	long bytesOut() {
		return this.bytesOut;
	}

	long messagesDropped() {
		return this.messagesDropped;
	}

}
