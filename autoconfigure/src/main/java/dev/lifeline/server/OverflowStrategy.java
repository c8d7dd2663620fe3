package dev.lifeline.server;

import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * What a session does when more data is queued for it than its send buffer limit allows.
 *
 * @author Lifeline contributors
 */
public enum OverflowStrategy {

	/**
	 * Close the session as a slow consumer.
	 */
	TERMINATE(ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE),

	/**
	 * Drop the oldest queued messages and keep the session open.
	 */
	DROP(ConcurrentWebSocketSessionDecorator.OverflowStrategy.DROP);

	private final ConcurrentWebSocketSessionDecorator.OverflowStrategy strategy;

	OverflowStrategy(ConcurrentWebSocketSessionDecorator.OverflowStrategy strategy) {
		this.strategy = strategy;
	}

	ConcurrentWebSocketSessionDecorator.OverflowStrategy toDecoratorStrategy() {
		return this.strategy;
	}

}
