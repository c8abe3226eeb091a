import { A } from '@solidjs/router';

export default function NotFoundPage() {
  return (
    <section class="page narrow">
      <h1>Not found</h1>
      <p>
        There is nothing here. <A href="/">Back to your rooms</A>.
      </p>
    </section>
  );
}
