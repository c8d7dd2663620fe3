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

package dev.lifeline.test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A {@link WebSocketSession} that records what is sent to it, for unit tests of
 * decorators.
 */
public class InMemoryWebSocketSession implements WebSocketSession {

	private final String id;

	private final Principal principal;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();

	private volatile CloseStatus closeStatus;

	private int textLimit = 8192;

	private int binaryLimit = 8192;

	public InMemoryWebSocketSession(String id) {
		this(id, null);
	}

	public InMemoryWebSocketSession(String id, String user) {
		this.id = id;
		this.principal = (user != null) ? () -> user : null;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public URI getUri() {
		return URI.create("ws://localhost/ws?token=secret");
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		return new HttpHeaders();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public Principal getPrincipal() {
		return this.principal;
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		return new InetSocketAddress("127.0.0.1", 8080);
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		return new InetSocketAddress("127.0.0.1", 50000);
	}

	@Override
	public String getAcceptedProtocol() {
		return null;
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		this.textLimit = messageSizeLimit;
	}

	@Override
	public int getTextMessageSizeLimit() {
		return this.textLimit;
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		this.binaryLimit = messageSizeLimit;
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return this.binaryLimit;
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return List.of();
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) {
		this.sent.add(message);
	}

	@Override
	public boolean isOpen() {
		return this.closeStatus == null;
	}

	@Override
	public void close() {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) {
		this.closeStatus = status;
	}

	public List<WebSocketMessage<?>> sent() {
		return this.sent;
	}

	public CloseStatus closeStatus() {
		return this.closeStatus;
	}

}
