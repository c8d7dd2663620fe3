package dev.lifeline.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One of Lifeline's managed endpoints: an application {@code WebSocketHandler} mapped at
 * its own path, with its own session settings, counters and open-session count. Its name
 * is the handler's bean name; it tags the endpoint's meters and identifies its sessions
 * ({@link LifelineSession#getEndpoint()}).
 *
 * @author Lifeline contributors
 */
public final class ManagedEndpoint {

	private final String name;

	private final @Nullable String path;

	private final SessionSettings settings;

	private final SessionStatistics statistics;

	private final AtomicInteger active = new AtomicInteger();

	ManagedEndpoint(String name, @Nullable String path, SessionSettings settings, SessionStatistics total) {
		this.name = name;
		this.path = path;
		this.settings = settings;
		this.statistics = new SessionStatistics(total);
	}

	/**
	 * Return the endpoint's name, the bean name of its handler.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the path the endpoint accepts upgrades at.
	 * @return the path, or {@code null} when the endpoint is not mapped by Lifeline
	 */
	public @Nullable String getPath() {
		return this.path;
	}

	/**
	 * Return the settings the endpoint's sessions are created with.
	 * @return the settings
	 */
	public SessionSettings getSettings() {
		return this.settings;
	}

	/**
	 * Return the counters of this endpoint alone; the registry's
	 * {@link WebSocketSessions#getStatistics() statistics} add up every endpoint's.
	 * @return the statistics
	 */
	public SessionStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Return the number of open sessions of this endpoint.
	 * @return the session count
	 */
	public int count() {
		return this.active.get();
	}

	void opened() {
		this.active.incrementAndGet();
	}

	void finished() {
		this.active.decrementAndGet();
	}

	@Override
	public String toString() {
		return "ManagedEndpoint[" + this.name + " at " + this.path + "]";
	}

}
