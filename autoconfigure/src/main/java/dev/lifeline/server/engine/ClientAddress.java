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

package dev.lifeline.server.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketSession;

/**
 * The client's address as the handshake request saw it, left in the handshake's
 * attributes under {@link #ATTRIBUTE} for the session to report.
 * <p>
 * The servlet request is where Boot's forward-headers support
 * ({@code server.forward-headers-strategy}) puts the client's address behind a trusted
 * proxy: Tomcat's {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer} and
 * Spring's {@code ForwardedHeaderFilter} all change what the request returns. The
 * container's WebSocket session does not always follow: Tomcat's is made from the request
 * and does, Jetty's answers with the TCP peer of its connection, the proxy. Reading the
 * address from the request makes it the same on both.
 *
 * @author Lifeline contributors
 */
public final class ClientAddress {

	/**
	 * The handshake attribute the client's address is left under. The session takes it
	 * out of the attributes when it opens, so the application never sees it.
	 */
	public static final String ATTRIBUTE = ClientAddress.class.getName();

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?]?");

	private ClientAddress() {
	}

	/**
	 * Return the client's address a handshake request reports.
	 * @param request the handshake request
	 * @return the address, or {@code null} if the request reports none
	 */
	public static @Nullable InetSocketAddress of(ServerHttpRequest request) {
		if (request instanceof ServletServerHttpRequest servletRequest) {
			String address = servletRequest.getServletRequest().getRemoteAddr();
			return (address != null) ? of(address, servletRequest.getServletRequest().getRemotePort()) : null;
		}
		return request.getRemoteAddress();
	}

	/**
	 * Return an address for the given text without a name lookup: behind a proxy the text
	 * comes from a forwarded header, which a client may fill with any name, and a lookup
	 * would block the handshake on it. An IP literal gives a resolved address, anything
	 * else an unresolved one that keeps the text.
	 * @param address the address as text
	 * @param port the port
	 * @return the address
	 */
	static InetSocketAddress of(String address, int port) {
		int validPort = (port >= 0 && port <= 0xFFFF) ? port : 0;
		InetAddress literal = literal(address);
		return (literal != null) ? new InetSocketAddress(literal, validPort)
				: InetSocketAddress.createUnresolved(address, validPort);
	}

	private static @Nullable InetAddress literal(String address) {
		try {
			if (IPV4.matcher(address).matches()) {
				// A dotted-quad literal is parsed, not looked up.
				return InetAddress.getByName(address);
			}
			if (IPV6.matcher(address).matches()) {
				// In brackets an invalid IPv6 literal fails without a lookup.
				return InetAddress.getByName(address.startsWith("[") ? address : "[" + address + "]");
			}
		}
		catch (UnknownHostException ex) {
			// Not a literal after all
		}
		return null;
	}

	/**
	 * Return an address as the text Lifeline shows and counts: the IP address, or the
	 * text of an address that is not an IP literal.
	 * @param address the address
	 * @return the text, or {@code null} for no address
	 */
	public static @Nullable String text(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

	/**
	 * Take the client's address that the handshake left in a container session's
	 * attributes, or, without one, return the address the container session reports.
	 * @param session the container's session
	 * @return the address, or {@code null} if neither knows one
	 */
	static @Nullable InetSocketAddress take(WebSocketSession session) {
		InetSocketAddress address = peek(session);
		session.getAttributes().remove(ATTRIBUTE);
		return address;
	}

	/**
	 * Return the client's address that the handshake left in a container session's
	 * attributes, leaving it there, or, without one, the address the container session
	 * reports.
	 * @param session the container's session
	 * @return the address, or {@code null} if neither knows one
	 */
	static @Nullable InetSocketAddress peek(WebSocketSession session) {
		if (session.getAttributes().get(ATTRIBUTE) instanceof InetSocketAddress address) {
			return address;
		}
		return session.getRemoteAddress();
	}

}
