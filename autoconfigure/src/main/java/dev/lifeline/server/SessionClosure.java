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
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How and why a session closed.
 *
 * @param sessionId the session id
 * @param at when the close was recorded
 * @param code the close code
 * @param reason the close reason, as sent by Lifeline or reported by the container
 * @param cause the cause
 * @param remoteAddress the peer's address
 * @param principal the authenticated principal's name
 * @param duration how long the session was open
 * @author Lifeline contributors
 */
public record SessionClosure(String sessionId, Instant at, int code, String reason, CloseCause cause,
		@Nullable String remoteAddress, @Nullable String principal, Duration duration) {

}
