package dev.lifeline.sample;

import java.time.Instant;
import java.util.Map;

import dev.lifeline.server.WebSocketSessions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Broadcasts every text message, sender included, as a JSON object with the {@code text}
 * as received, a short tag of the sender's session ({@code from}) and the time it arrived
 * ({@code at}). A joining session is first told its own tag, so that the page can mark
 * its own messages.
 *
 * @author Lifeline contributors
 */
public class ChatHandler extends TextWebSocketHandler {

	private static final int TAG_LENGTH = 6;

	private final WebSocketSessions sessions;

	private final JsonMapper jsonMapper;

	/**
	 * Create a new handler.
	 * @param sessions the registry to broadcast through
	 * @param jsonMapper the mapper that writes the messages
	 */
	public ChatHandler(WebSocketSessions sessions, JsonMapper jsonMapper) {
		this.sessions = sessions;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		session.sendMessage(toJson(Map.of("type", "welcome", "id", session.getId(), "you", tag(session))));
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		this.sessions.broadcast(toJson(Map.of("type", "chat", "text", message.getPayload(), "from", tag(session), "at",
				Instant.now().toString())));
	}

	private TextMessage toJson(Map<String, String> fields) {
		return new TextMessage(this.jsonMapper.writeValueAsString(fields));
	}

	/**
	 * Return a short tag for a session, stable for its lifetime.
	 * @param session the session
	 * @return the tag
	 */
	static String tag(WebSocketSession session) {
		String id = session.getId().replace("-", "");
		return (id.length() > TAG_LENGTH) ? id.substring(0, TAG_LENGTH) : id;
	}

}
