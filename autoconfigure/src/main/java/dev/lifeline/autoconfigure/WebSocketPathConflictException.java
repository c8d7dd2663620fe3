package dev.lifeline.autoconfigure;

import java.util.List;

/**
 * Thrown when something other than Lifeline also answers requests for the managed
 * WebSocket path, so two components would handle the same upgrade.
 *
 * @author Lifeline contributors
 */
public class WebSocketPathConflictException extends RuntimeException {

	private final String path;

	private final List<String> registrations;

	/**
	 * Create a new exception.
	 * @param path the managed path
	 * @param registrations descriptions of the other registrations for the path
	 */
	public WebSocketPathConflictException(String path, List<String> registrations) {
		super("The managed WebSocket path '" + path + "' is also mapped by " + registrations);
		this.path = path;
		this.registrations = List.copyOf(registrations);
	}

	/**
	 * Return the managed path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return descriptions of the other registrations for the path.
	 * @return the registrations
	 */
	public List<String> getRegistrations() {
		return this.registrations;
	}

}
