package dev.lifeline.server;

import org.jspecify.annotations.Nullable;

/**
 * One managed endpoint: a handler Lifeline maps on its own upgrade path, with the
 * settings its sessions are created with and counters of its own.
 *
 * @author Lifeline contributors
 */
public interface ManagedEndpoint {

	/**
	 * Return the endpoint's name, the bean name of its handler.
	 * @return the name
	 */
	String getName();

	/**
	 * Return the path the endpoint accepts upgrades at.
	 * @return the path, or {@code null} when the endpoint is not mapped by Lifeline
	 */
	@Nullable String getPath();

	/**
	 * Return the settings the endpoint's sessions are created with.
	 * @return the settings
	 */
	SessionSettings getSettings();

	/**
	 * Return the counters of this endpoint alone; the registry's
	 * {@link WebSocketSessions#getStatistics() statistics} add up every endpoint's.
	 * @return the statistics
	 */
	SessionStatistics getStatistics();

	/**
	 * Return the number of open sessions of this endpoint.
	 * @return the session count
	 */
	int count();

}
