package dev.lifeline.server;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a managed WebSocket session opened.
 *
 * @author Lifeline contributors
 */
public class WebSocketSessionOpenedEvent extends ApplicationEvent {

	private final LifelineSession session;

	/**
	 * Create a new event.
	 * @param source the registry that published it
	 * @param session the session
	 */
	public WebSocketSessionOpenedEvent(Object source, LifelineSession session) {
		super(source);
		this.session = session;
	}

	/**
	 * Return the session that opened.
	 * @return the session
	 */
	public LifelineSession getSession() {
		return this.session;
	}

}
