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
 * Where a resumable session ({@code lifeline.resume.v1}) stands: whether it has a
 * connection, and its counts in each direction.
 *
 * @param detached whether it has no connection, kept for its client to resume it
 * @param sent the application messages sent to the client over the session's life
 * @param acknowledged how many of those the client acknowledged
 * @param received the client's messages the application processed
 * @param retainedMessages the messages retained for a replay (sent but unacknowledged,
 * plus queued)
 * @param retainedBytes their payload bytes
 * @author Lifeline contributors
 */
public record ResumeStatus(boolean detached, long sent, long acknowledged, long received, int retainedMessages,
		long retainedBytes) {

}
