// rules.html: an unlisted extension page the panel links to (ruleDocUrl) for "why this finding?".
import { render } from 'preact';
import { RulesPage } from '../../components/shared/RulesPage';
import './style.css';

const root = document.getElementById('app');
if (root) render(<RulesPage />, root);
