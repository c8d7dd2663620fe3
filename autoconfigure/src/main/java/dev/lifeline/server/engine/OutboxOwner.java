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

import org.springframework.web.socket.WebSocketMessage;

/**
 * Receives what happens to the messages of a {@link SessionOutbox}. Called outside the
 * outbox's lock.
 *
 * @author Lifeline contributors
 */
interface OutboxOwner {

	/**
	 * Bytes entered (positive) or left (negative) the queue.
	 * @param bytes the change
	 */
	void queued(long bytes);

	/**
	 * The outbox started or stopped holding a message to write. Called under the outbox's
	 * monitor, alternately with {@code true} and {@code false}.
	 * @param writing whether it holds one now
	 */
	void writing(boolean writing);

	/**
	 * A message is on the wire.
	 * @param message the message
	 * @param size its size in bytes
	 */
	void written(WebSocketMessage<?> message, long size);

	/**
	 * Messages were dropped to keep the queue within its bound.
	 * @param messages how many
	 */
	void dropped(int messages);

	/**
	 * A write failed: the connection is unusable.
	 * @param failure why
	 */
	void failed(Throwable failure);

}
