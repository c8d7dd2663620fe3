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

import dev.lifeline.server.LifelineSession;
import org.springframework.web.socket.WebSocketSession;

/**
 * Reaches the container's session under a Lifeline session, which the application never
 * sees, for tests that check what Lifeline set on the container.
 */
public final class ContainerSessions {

	private ContainerSessions() {
	}

	/**
	 * Return the container's session of a session's current connection.
	 * @param session the session
	 * @return the container's session
	 */
	public static WebSocketSession of(LifelineSession session) {
		return ((DefaultLifelineSession) session).connection().containerSession();
	}

}
