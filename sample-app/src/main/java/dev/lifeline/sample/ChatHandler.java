/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.sample;

import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import dev.lifeline.server.GroupLimitExceededException;
import dev.lifeline.server.WebSocketSessions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A chat with rooms and direct messages. Every message the server sends is a JSON object
 * with a {@code type}:
 * <ul>
 * <li>On connect, the session gets {@code {"type":"welcome","id":<session
 * id>,"you":<session tag>,"user":<name>}}, the tag being a short, stable part of the
 * session id and {@code user} present only when the session has a user (see below).</li>
 * <li>{@code /join ROOM} makes the session a member of the room, {@code /leave ROOM} ends
 * that; the session gets {@code {"type":"joined"|"left","room":ROOM,"rooms":[…]}},
 * {@code rooms} being all its rooms afterwards. Joining a room twice is no error.
 * Membership is per session (a user's other tabs are not members) and ends with the
 * session.</li>
 * <li>{@code /room ROOM TEXT} sends
 * {@code {"type":"room","room":ROOM,"text":TEXT,"from":…,"at":…}} to the room's members,
 * on every instance when clustered. Only a member may write to a room.</li>
 * <li>{@code /dm USER TEXT} sends
 * {@code {"type":"dm","to":USER,"text":TEXT,"from":…,"at":…}} to every session of the
 * user, on every instance when clustered, and a copy to the sending session (one, not
 * two, when it is itself a session of that user). A user with no session gets nothing,
 * and the sender is not told: with several instances this one cannot know.</li>
 * <li>Any other text, including other words that start with {@code /}, is broadcast to
 * every session, sender included, exactly as received:
 * {@code {"type":"chat","text":…,"from":…,"at":…}}.</li>
 * <li>A command that cannot run answers the sending session only with
 * {@code {"type":"error","text":<why>}} and leaves the session open: a missing room, user
 * or text, a name that is not one word of 1 to 32 printable characters, a {@code /room}
 * to a room the session has not joined, a {@code /leave} of a room it is not in, and a
 * {@code /join} beyond {@code lifeline.max-groups-per-session}.</li>
 * </ul>
 * {@code from} is the sender's user name when the session has a user and its session tag
 * otherwise; {@code at} is the time the server received the text (ISO-8601). A session's
 * user is its principal's name: in this sample the display name the page sends as
 * {@code ?user=} (see {@link DisplayNameHandshakeHandler}), in a real application the
 * user Spring Security authenticated. A session without a principal has no user and
 * cannot receive direct messages.
 *
 * @author Lifeline contributors
 */
public class ChatHandler extends TextWebSocketHandler {

	private static final int TAG_LENGTH = 6;

	private final WebSocketSessions sessions;

	private final JsonMapper jsonMapper;

	/**
	 * Create a new handler.
	 * @param sessions the registry to send through
	 * @param jsonMapper the mapper that writes the messages
	 */
	public ChatHandler(WebSocketSessions sessions, JsonMapper jsonMapper) {
		this.sessions = sessions;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		Map<String, Object> welcome = fields("type", "welcome", "id", session.getId(), "you", tag(session));
		String user = user(session);
		if (user != null) {
			welcome.put("user", user);
		}
		session.sendMessage(toJson(welcome));
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
		ChatCommand command = ChatCommand.parse(message.getPayload());
		switch (command.kind()) {
			case CHAT -> this.sessions.broadcast(toJson(fields("type", "chat", "text", command.text(), "from",
					from(session), "at", Instant.now().toString())));
			case JOIN -> join(session, name(command));
			case LEAVE -> leave(session, name(command));
			case ROOM -> sendToRoom(session, name(command), command.text());
			case DM -> sendDirect(session, name(command), command.text());
			case INVALID -> error(session, command.text());
		}
	}

	private void join(WebSocketSession session, String room) throws IOException {
		try {
			this.sessions.join(session.getId(), room);
		}
		catch (GroupLimitExceededException ex) {
			error(session, "You are in " + ex.getLimit()
					+ " rooms, as many as one tab may be in. Leave one first: /leave ROOM");
			return;
		}
		session.sendMessage(membership(session, "joined", room));
	}

	private void leave(WebSocketSession session, String room) throws IOException {
		if (!this.sessions.leave(session.getId(), room)) {
			error(session, "You are not in room " + room + ".");
			return;
		}
		session.sendMessage(membership(session, "left", room));
	}

	private TextMessage membership(WebSocketSession session, String type, String room) {
		return toJson(
				fields("type", type, "room", room, "rooms", new TreeSet<>(this.sessions.getGroups(session.getId()))));
	}

	private void sendToRoom(WebSocketSession session, String room, String text) throws IOException {
		if (!this.sessions.getGroups(session.getId()).contains(room)) {
			error(session, "Join room " + room + " before writing to it: /join " + room);
			return;
		}
		this.sessions.sendToGroup(room, toJson(fields("type", "room", "room", room, "text", text, "from", from(session),
				"at", Instant.now().toString())));
	}

	private void sendDirect(WebSocketSession session, String user, String text) throws IOException {
		TextMessage message = toJson(
				fields("type", "dm", "to", user, "text", text, "from", from(session), "at", Instant.now().toString()));
		this.sessions.sendToUser(user, message);
		if (!user.equals(user(session))) {
			session.sendMessage(message);
		}
	}

	private void error(WebSocketSession session, String text) throws IOException {
		session.sendMessage(toJson(fields("type", "error", "text", text)));
	}

	private static String name(ChatCommand command) {
		String name = command.name();
		if (name == null) {
			throw new IllegalStateException("No room or user in " + command);
		}
		return name;
	}

	private static Map<String, Object> fields(Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	private TextMessage toJson(Map<String, Object> fields) {
		return new TextMessage(this.jsonMapper.writeValueAsString(fields));
	}

	/**
	 * Return what a session's messages show as their sender: its user, or its tag when it
	 * has none.
	 * @param session the session
	 * @return the user name or the tag
	 */
	static String from(WebSocketSession session) {
		String user = user(session);
		return (user != null) ? user : tag(session);
	}

	/**
	 * Return a session's user, the name of its principal.
	 * @param session the session
	 * @return the user name, or {@code null} when the session has no principal
	 */
	static @Nullable String user(WebSocketSession session) {
		Principal principal = session.getPrincipal();
		return (principal != null) ? principal.getName() : null;
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
