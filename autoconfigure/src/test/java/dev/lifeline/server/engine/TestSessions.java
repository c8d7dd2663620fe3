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
import dev.lifeline.test.InMemoryWebSocketSession;

/**
 * Opens in-memory sessions in a registry, for tests outside this package.
 */
public final class TestSessions {

	private TestSessions() {
	}

	/**
	 * Open an in-memory session on the registry's default endpoint.
	 * @param sessions the registry
	 * @param id the session id
	 * @return the open session
	 */
	public static LifelineSession open(SessionRegistry sessions, String id) {
		SessionHolder holder = sessions.open(new InMemoryWebSocketSession(id));
		if (holder == null) {
			throw new IllegalStateException("Session " + id + " was not opened");
		}
		return holder.session();
	}

}
