package dev.lifeline.autoconfigure;

import java.util.List;

/**
 * Thrown when the application defines several {@code WebSocketHandler} beans and none is
 * marked {@code @Primary}, so Lifeline cannot tell which one to map.
 *
 * @author Lifeline contributors
 */
public class MultipleWebSocketHandlersException extends RuntimeException {

	private final String path;

	private final List<String> beanNames;

	/**
	 * Create a new exception.
	 * @param path the managed path
	 * @param beanNames the names of the candidate handler beans
	 */
	public MultipleWebSocketHandlersException(String path, List<String> beanNames) {
		super("Found " + beanNames.size() + " WebSocketHandler beans " + beanNames + " for the managed path '" + path
				+ "' but none is @Primary");
		this.path = path;
		this.beanNames = List.copyOf(beanNames);
	}

	/**
	 * Return the managed path.
	 * @return the path
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the names of the candidate handler beans.
	 * @return the bean names
	 */
	public List<String> getBeanNames() {
		return this.beanNames;
	}

}
