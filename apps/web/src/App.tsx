import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { lazy } from 'solid-js';
import { AuthProvider } from './auth/auth-context.jsx';
import { Layout } from './components/Layout.jsx';

const Lobby = lazy(() => import('./pages/LobbyPage.jsx'));
const SignIn = lazy(() => import('./pages/SignInPage.jsx'));
const SignUp = lazy(() => import('./pages/SignUpPage.jsx'));
const Join = lazy(() => import('./pages/JoinPage.jsx'));
const Room = lazy(() => import('./pages/RoomPage.jsx'));
const Admin = lazy(() => import('./pages/AdminPage.jsx'));
const NotFound = lazy(() => import('./pages/NotFoundPage.jsx'));

function Root(props: RouteSectionProps) {
  return (
    <AuthProvider>
      <Layout>{props.children}</Layout>
    </AuthProvider>
  );
}

export function App() {
  return (
    <Router root={Root}>
      <Route path="/" component={Lobby} />
      <Route path="/signin" component={SignIn} />
      <Route path="/signup" component={SignUp} />
      <Route path="/join/:code" component={Join} />
      <Route path="/rooms/:roomId" component={Room} />
      <Route path="/admin" component={Admin} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
