import { Link } from 'react-router-dom';

import { useDocumentTitle } from '../components/bits';

export default function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        That page does not exist. <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
