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

/**
 * Tells whether the socket of a {@link SessionOutbox} has room for a ping: when the peer
 * answered the previous ping and no message other than a ping was started since,
 * everything written before that ping has been read, so a ping may be written at once on
 * the calling thread. Not thread-safe: the outbox guards it with its own monitor.
 *
 * @author Lifeline contributors
 */
final class PingRoom {

	/**
	 * How many messages other than pings were started, and its value when the last ping
	 * was started and when the last answered ping was started.
	 */
	private long dataWrites;

	private long pingMark = -1;

	private long answeredMark = -2;

	/**
	 * A message other than a ping was started.
	 */
	void dataStarted() {
		this.dataWrites++;
	}

	/**
	 * A ping is started.
	 * @return {@code true} if the socket has room for it
	 */
	boolean pingStarted() {
		boolean room = this.answeredMark == this.dataWrites;
		this.pingMark = this.dataWrites;
		return room;
	}

	/**
	 * The peer answered the last ping: it has read everything written before it.
	 */
	void pingAnswered() {
		this.answeredMark = this.pingMark;
	}

	/**
	 * The connection changed: nothing is known about the room in its socket until its
	 * peer answers a ping.
	 */
	void connectionChanged() {
		this.answeredMark = -2;
	}

}
