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

/**
 * What became of a broadcast on this instance, one count per session.
 *
 * @param queued the sessions that queued the message (or already wrote it)
 * @param dropped the sessions whose full queue dropped the message (the {@code drop}
 * overflow strategy)
 * @param failed the sessions that could not take it: closing, closed, or cut off as slow
 * consumers by this message
 * @author Lifeline contributors
 */
public record BroadcastResult(int queued, int dropped, int failed) {

	/**
	 * Return the number of sessions the message was offered to.
	 * @return the total
	 */
	public int total() {
		return this.queued + this.dropped + this.failed;
	}

}
