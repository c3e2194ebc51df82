import { Link } from '../app/router';
import { Page } from '../ui/kit';

export function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is no such page here. <Link to="/">Go to the start page</Link>.
      </p>
    </Page>
  );
}
