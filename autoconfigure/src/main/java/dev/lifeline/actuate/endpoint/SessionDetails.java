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

package dev.lifeline.actuate.endpoint;

import dev.lifeline.server.LifelineSession;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Adds what a protocol on top of WebSocket knows about a session to its description in
 * the {@link WebSocketEndpoint}, such as the user and subscriptions of a STOMP session.
 *
 * @author Lifeline contributors
 */
@FunctionalInterface
public interface SessionDetails {

	/**
	 * Describe a session.
	 * @param session the session
	 * @param showValues whether personal data such as user names may be shown; when not,
	 * they are to be left out or masked
	 * @return the details, or {@code null} if there are none for this session
	 */
	@Nullable Map<String, Object> describe(LifelineSession session, boolean showValues);

}
