package dev.lifeline.server.engine;

import dev.lifeline.server.OverflowStrategy;
import dev.lifeline.server.SessionLifecycleListener;
import dev.lifeline.server.SessionSettings;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.unit.DataSize;

/**
 * Session registries with the default settings, for unit tests on in-memory sessions.
 */
public final class Registries {

	private Registries() {
	}

	public static SessionRegistry create(int maxSessions, List<SessionLifecycleListener> listeners,
			@Nullable ApplicationEventPublisher eventPublisher) {
		SessionSettings settings = new SessionSettings(maxSessions, DataSize.ofKilobytes(64), DataSize.ofKilobytes(64),
				Duration.ofSeconds(10), DataSize.ofKilobytes(512), OverflowStrategy.TERMINATE, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		return new SessionRegistry(settings, () -> listeners, eventPublisher);
	}

}
