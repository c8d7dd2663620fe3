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
