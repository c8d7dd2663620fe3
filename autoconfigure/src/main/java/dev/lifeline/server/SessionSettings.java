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

package dev.lifeline.server;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * Settings applied to every managed session.
 *
 * @param maxSessions the maximum number of open sessions
 * @param maxTextMessageSize the largest text message, assembled from partial frames
 * @param maxBinaryMessageSize the largest binary message, assembled from partial frames
 * @param sendTimeLimit the longest a send may take before the session is cut off
 * @param sendBufferSizeLimit the most data queued for a session while a send is in
 * progress
 * @param overflowStrategy what to do when the send buffer limit is exceeded
 * @param closeTimeout the longest wait for a peer's answer to a close frame
 * @param shutdownTimeout the longest wait for close handshakes at shutdown
 * @param cleanupInterval how often the cleanup sweep runs
 * @author Lifeline contributors
 */
public record SessionSettings(int maxSessions, DataSize maxTextMessageSize, DataSize maxBinaryMessageSize,
		Duration sendTimeLimit, DataSize sendBufferSizeLimit, OverflowStrategy overflowStrategy, Duration closeTimeout,
		Duration shutdownTimeout, Duration cleanupInterval) {

}
