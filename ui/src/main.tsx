import { render } from 'preact'
import 'highlight.js/styles/github.css'
import { App } from './app'
import './styles.css'

render(<App />, document.getElementById('app')!)
