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
 * What became of a message offered to a {@link SessionOutbox}.
 *
 * @author Lifeline contributors
 */
enum OutboxOffer {

	/**
	 * Queued, or already written.
	 */
	QUEUED,

	/**
	 * Dropped to keep the queue within its byte bound.
	 */
	DROPPED,

	/**
	 * Queued, but the queue passed its byte bound: the session must be cut off.
	 */
	OVER_LIMIT,

	/**
	 * Queued, but the oldest unwritten message passed the send time limit: the session
	 * must be cut off.
	 */
	TOO_OLD,

	/**
	 * Refused: the session is closing or closed.
	 */
	CLOSED;

	boolean isQueued() {
		return this == QUEUED;
	}

}
