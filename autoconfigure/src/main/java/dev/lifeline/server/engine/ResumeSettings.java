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

import java.time.Duration;

/**
 * How resumable sessions ({@code lifeline.resume.v1}, see {@code docs/resume.md}) behave
 * on this server.
 *
 * @param window how long a detached session is kept
 * @param bufferSize the bytes one session may retain, sent but unacknowledged plus queued
 * @param maxBuffered the bytes all detached sessions may retain together
 * @param helloTimeout how long a connection may take to send its {@code hello} or
 * {@code resume}
 * @param ackMessages acknowledge after this many messages
 * @param ackBytes acknowledge after this many bytes of payload
 * @param ackInterval acknowledge at the latest this long after the first unacknowledged
 * message
 * @param pingInterval how long the client may hear nothing before it pings
 * @param pingTimeout how long the client waits for any frame after its ping
 * @author Lifeline contributors
 */
public record ResumeSettings(Duration window, long bufferSize, long maxBuffered, Duration helloTimeout, int ackMessages,
		long ackBytes, Duration ackInterval, Duration pingInterval, Duration pingTimeout) {

	/**
	 * The sub-protocol a client offers to get a resumable session.
	 */
	public static final String PROTOCOL = "lifeline.resume.v1";

	/**
	 * The query parameter a resuming client names its session with.
	 */
	public static final String SESSION_PARAMETER = "lifeline-session";

	/**
	 * The handshake attribute that holds the application sub-protocol accepted beside
	 * {@link #PROTOCOL} (an empty string for none); its presence marks a connection that
	 * negotiated resume.
	 */
	public static final String APPLICATION_PROTOCOL_ATTRIBUTE = ResumeSettings.class.getName() + ".protocol";

	/**
	 * Return the defaults of {@code docs/resume.md}.
	 * @return the default settings
	 */
	public static ResumeSettings defaults() {
		return new ResumeSettings(Duration.ofMinutes(2), 256 * 1024, 64 * 1024 * 1024, Duration.ofSeconds(10), 32,
				16384, Duration.ofSeconds(1), Duration.ofSeconds(25), Duration.ofSeconds(10));
	}

}
