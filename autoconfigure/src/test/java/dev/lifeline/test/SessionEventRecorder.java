package dev.lifeline.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lifeline.server.WebSocketSessionClosedEvent;
import dev.lifeline.server.WebSocketSessionOpenedEvent;

import org.springframework.context.event.EventListener;

/**
 * Records Lifeline's session events. Add it to a test with
 * {@code @Import(SessionEventRecorder.class)}.
 */
public class SessionEventRecorder {

	private final List<WebSocketSessionOpenedEvent> opened = new CopyOnWriteArrayList<>();

	private final List<WebSocketSessionClosedEvent> closed = new CopyOnWriteArrayList<>();

	@EventListener
	void onOpened(WebSocketSessionOpenedEvent event) {
		this.opened.add(event);
	}

	@EventListener
	void onClosed(WebSocketSessionClosedEvent event) {
		this.closed.add(event);
	}

	public List<WebSocketSessionOpenedEvent> opened() {
		return this.opened;
	}

	public List<WebSocketSessionClosedEvent> closed() {
		return this.closed;
	}

	public WebSocketSessionClosedEvent closedEvent(String sessionId) {
		return this.closed.stream()
			.filter((event) -> event.getSession().getId().equals(sessionId))
			.findFirst()
			.orElse(null);
	}

}
