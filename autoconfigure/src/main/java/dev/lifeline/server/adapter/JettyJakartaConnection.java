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

package dev.lifeline.server.adapter;

import jakarta.websocket.Session;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A connection over a Jakarta session on Jetty, as an application that upgrades with the
 * standard strategy gets: frames go through Jetty's core session, which queues them and
 * returns at once; the callback may run on the calling thread.
 *
 * @author Lifeline contributors
 */
final class JettyJakartaConnection extends StandardConnection {

	private final CoreSession coreSession;

	private boolean fragmenting;

	private JettyJakartaConnection(WebSocketSession containerSession, JakartaWebSocketSession session) {
		super(containerSession, session);
		this.coreSession = session.getCoreSession();
	}

	static @Nullable Connection of(WebSocketSession containerSession, Session session) {
		return (session instanceof JakartaWebSocketSession jakarta)
				? new JettyJakartaConnection(containerSession, jakarta) : null;
	}

	@Override
	public void write(WebSocketMessage<?> message, Completion completion) {
		byte opcode = Frames.opcodeOf(message);
		if (!OpCode.isControlFrame(opcode)) {
			if (this.fragmenting) {
				opcode = OpCode.CONTINUATION;
			}
			this.fragmenting = !message.isLast();
		}
		try {
			this.coreSession.sendFrame(new Frame(opcode, message.isLast(), Frames.payloadOf(message)),
					Callback.from(() -> completion.written(null), completion::written), false);
		}
		catch (RuntimeException ex) {
			completion.written(ex);
		}
	}

	/**
	 * Queue the close frame, which Jetty writes at once when the connection can take it,
	 * then abort the connection, which discards the frame when it could not.
	 */
	@Override
	public void abort(CloseStatus status) {
		try {
			this.coreSession.close(status.getCode(), status.getReason(), Callback.NOOP);
		}
		finally {
			this.coreSession.abort();
		}
	}

}
